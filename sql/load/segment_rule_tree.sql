-- A segment rule's syntax tree, as DuckDB parses it (JSON): SegmentRules reads which columns and functions it uses.
SELECT json_serialize_sql('SELECT ' || :rule)
