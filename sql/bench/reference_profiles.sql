-- The reference reads the profiles it just computed (profiles.sql's new_profiles) where the load reads its table: with
-- the two bookkeeping columns the load adds as it writes them (which the profiles snapshot leaves out), and in the
-- table's column order (${columns}, from the warehouse: the snapshot's JSON and row hash follow it).
CREATE OR REPLACE TEMP VIEW profiles AS
SELECT ${columns}
FROM (SELECT *, getvariable('load_id') AS snapshot_version, getvariable('as_of') AS updated_at FROM new_profiles);
