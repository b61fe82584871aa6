-- Segment definitions with their members; a profile's primary segment is its lowest priority.
SELECT d.priority, d.name, count(m.customer_key) AS members,
       count(m.customer_key) FILTER (WHERE m.is_primary) AS primary_members, d.rule_sql
FROM segment_definitions d LEFT JOIN segment_memberships m ON m.segment = d.name
GROUP BY ALL ORDER BY d.priority
