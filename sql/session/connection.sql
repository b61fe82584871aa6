-- Every DuckDB connection sendtime opens (the warehouse, its readers, scratch databases): DuckDB's own
-- memory and threads from sendtime.warehouse (outside the JVM heap), instants read and printed in UTC.
SET memory_limit = :memoryLimit;
SET threads = :threads;
SET TimeZone = 'UTC';
