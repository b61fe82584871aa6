-- The newest loads (inspect runs).
SELECT load_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started,
       coalesce(strftime(finished_at, '%Y-%m-%d %H:%M:%S'), '-') AS finished,
       mode, profiles_touched, status
FROM load_log ORDER BY load_id DESC LIMIT :limit
