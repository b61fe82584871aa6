-- sendtime warehouse, version 6: freshness is the data's, not the load's clock. Each load records the time up
-- to which every source's data the warehouse holds is complete (the earliest of the source entities' ends of
-- unbroken extract windows, sql/inspect/complete_to.sql); as_of keeps meaning the instant features and
-- segments were computed at. Loads before this version have none: their as_of stands in.
ALTER TABLE load_log ADD COLUMN data_complete_to TIMESTAMPTZ;
