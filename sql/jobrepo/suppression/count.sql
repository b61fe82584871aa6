SELECT count(*) FROM sendtime_suppression
