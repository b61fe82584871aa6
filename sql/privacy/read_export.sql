-- An ESP's export of bounces, complaints and unsubscribes (`privacy suppress --import`), read by DuckDB's CSV
-- reader: every column as text; the importer takes the email column and, if there is one, the reason column.
SELECT * FROM read_csv(:file, header = true, all_varchar = true)
