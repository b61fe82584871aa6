-- Whether the previewed recipient (render_audience, one row) is in the campaign's audience: in one of its
-- segments (campaign_segments; none listed: everyone) and passing its SQL filter (${sql_filter}).
SELECT count(*) FROM render_audience f
WHERE (len(getvariable('campaign_segments')) = 0 OR list_has_any(f.segments, getvariable('campaign_segments')))
  AND (${sql_filter})
