-- A scratch in-memory DuckDB that may spill (a compaction): where it spills.
SET temp_directory = :tempDirectory;
