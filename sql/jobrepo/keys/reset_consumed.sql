-- privacy rekey: no extract run counts as curated (the curated lake is made again from the raw lake).
DELETE FROM sendtime_transform_consumed
