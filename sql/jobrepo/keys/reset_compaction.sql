-- privacy rekey: no compaction of the old curated lake stands.
DELETE FROM sendtime_curated_compaction
