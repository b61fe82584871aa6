SELECT name, priority, rule_sql FROM segment_definitions ORDER BY priority
