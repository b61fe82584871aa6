SELECT segment, is_primary, since FROM segment_memberships m
JOIN segment_definitions d ON d.name = m.segment
WHERE customer_key = :k ORDER BY d.priority
