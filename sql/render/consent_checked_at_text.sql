-- consent_checked_at as the export's JSON lines show it (ExportFiles): DuckDB's text of a TIMESTAMPTZ (UTC).
SELECT CAST(CAST(:at AS TIMESTAMPTZ) AS VARCHAR)
