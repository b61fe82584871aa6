SELECT count(*) FROM sendtime_suppression WHERE email_hash = :emailHash
