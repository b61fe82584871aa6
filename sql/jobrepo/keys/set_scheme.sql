INSERT INTO sendtime_key_scheme (scheme, set_at) VALUES (:scheme, :setAt)
