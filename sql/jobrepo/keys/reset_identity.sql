-- privacy rekey: every customer key is derived anew, keyed.
DELETE FROM sendtime_identity
