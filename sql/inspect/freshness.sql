-- The newest completed load: when its data is complete to (data_complete_to; as_of for loads recorded before
-- there was one), when it computed its profiles, and how many there are.
SELECT load_id, as_of, finished_at, (SELECT count(*) FROM profiles) AS profiles,
       coalesce(data_complete_to, as_of) AS data_complete_to
FROM load_log WHERE status = 'completed' ORDER BY load_id DESC LIMIT 1
