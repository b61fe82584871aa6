-- segment_definitions.sql (the rules, as data) is applied on an empty table each load.
DELETE FROM segment_definitions;
