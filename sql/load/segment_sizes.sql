SELECT segment, count(*) FROM segment_memberships GROUP BY segment
