SELECT count(*) AS n FROM profiles
