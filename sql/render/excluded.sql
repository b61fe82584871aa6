-- Recipients a send excludes, by reason.
SELECT excluded_reason, count(*) FROM render_audience WHERE excluded_reason IS NOT NULL GROUP BY 1
