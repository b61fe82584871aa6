-- DuckDB's own parser on a statement typed into `sendtime sql`: the statements it holds, or why it is not
-- a query (only queries serialize).
SELECT json_serialize_sql(:statement::VARCHAR)
