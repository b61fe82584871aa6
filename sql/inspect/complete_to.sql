-- Per source entity, up to when the data the warehouse holds is complete: the end of the first unbroken stretch
-- of the extract windows its loads consumed (source_windows; a window that starts after everything before it
-- ended leaves a gap: data after the gap's start may be missing), and how far extracts reached at all. An
-- extract run that found nothing still counts: its window is recorded like any other.
WITH windows AS (
    SELECT source, entity, window_from, window_to,
           max(window_to) OVER (PARTITION BY source, entity ORDER BY window_from, window_to
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered
    FROM source_windows
)
SELECT source, entity, coalesce(min(covered) FILTER (WHERE window_from > covered), max(window_to)) AS complete_to,
       max(window_to) AS extracted_to
FROM windows
GROUP BY source, entity
ORDER BY complete_to, source, entity
