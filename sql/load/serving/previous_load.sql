-- The as_of of one load (bound), none when the warehouse has no such load.
SELECT as_of FROM load_log WHERE load_id = :loadId
