-- When the newest completed load computed its profiles, and how many there are.
SELECT load_id, as_of, finished_at, (SELECT count(*) FROM profiles) AS profiles
FROM load_log WHERE status = 'completed' ORDER BY load_id DESC LIMIT 1
