-- One profile with its time-relative features as of now, in column order.
SELECT * FROM profile_features WHERE customer_key = :k
