-- Rewrites one curated entity's files of several manifests as one file (lake housekeep, run by
-- io.sendtime.load.CuratedCompaction on its own in-memory DuckDB). The files come in the variable
-- files_compact; :target (bound) is the in-progress name the compaction then commits by rename.
-- ${keep_latest} is the load's QUALIFY keeping the latest version per key (load/keep_latest.sql), or nothing for the
-- entities whose every version the load reads (LoadEntity.readsEveryVersion): either way a full
-- rebuild from the compacted file equals one from the files it replaces.

COPY (
    SELECT * FROM read_parquet(getvariable('files_compact'), union_by_name = true, hive_partitioning = false)
    ${keep_latest}
) TO :target (FORMAT parquet, COMPRESSION zstd);
