-- bench extract --peer dlt: what one side wrote for one entity (:files, a glob of its Parquet files), to compare with
-- the other side's: records, distinct ids and an order-free checksum of the ids (the sum of their hashes as text, so
-- that a numeric id read as BIGINT on one side and as text on the other compares alike).
SELECT count(*) AS records,
       count(DISTINCT id::VARCHAR) AS distinct_ids,
       sum(hash(id::VARCHAR)::HUGEINT) % 9223372036854775807 AS id_hash
FROM read_parquet(:files, union_by_name = true)
