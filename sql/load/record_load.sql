-- The load's row in load_log; finished_at is the load's end, not DuckDB's now() (the transaction's start);
-- data_complete_to the earliest end of unbroken extract windows over the source entities (inspect/complete_to.sql).
INSERT INTO load_log (load_id, started_at, finished_at, mode, profiles_touched, status, as_of, manifests, counts,
                      data_complete_to)
VALUES (:loadId, :startedAt::TIMESTAMPTZ, :finishedAt::TIMESTAMPTZ, :mode, :profilesTouched, 'completed',
        :asOf::TIMESTAMPTZ, :manifests, CAST(:counts::JSON AS MAP(VARCHAR, BIGINT)), :dataCompleteTo::TIMESTAMPTZ)
