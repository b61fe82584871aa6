-- What the latest load that read anything counted, from its manifests (a compaction sums those it replaced).
SELECT coalesce(counts['records_read'], 0) AS records_read,
       coalesce(counts['records_quarantined'], 0) AS records_quarantined
FROM load_log WHERE manifests > 0 ORDER BY load_id DESC LIMIT 1
