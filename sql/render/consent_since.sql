-- Since when the render must read a source entity's consent again: the end of the first unbroken stretch of
-- the extract windows the warehouse holds (a window that starts after everything before it ended is a gap:
-- data after the gap's start may be missing). NULL when nothing is recorded: read from the beginning.
WITH windows AS (
    SELECT window_from, window_to,
           max(window_to) OVER (ORDER BY window_from, window_to
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered
    FROM source_windows
    WHERE source = :source AND entity = :entity
)
SELECT coalesce(min(covered) FILTER (WHERE window_from > covered), max(window_to))
FROM windows
