-- `./sendtime bench api`: the mean size of a recipient's tokens as JSON in the synthetic render (the file a bound
-- parameter), for the reference endpoint's constant body.
SELECT avg(length(to_json(tokens)::VARCHAR))::INTEGER FROM read_parquet(:file)
