SELECT count(*) FROM sendtime_erased_id
