SELECT count(*) FROM sendtime_identity
