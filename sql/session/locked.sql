-- Whether this DuckDB instance is already set up and locked (a second reader of the same file).
SELECT current_setting('lock_configuration')
