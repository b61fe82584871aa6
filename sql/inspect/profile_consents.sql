SELECT channel, status, source, valid_from, valid_to FROM consents
WHERE customer_key = :k ORDER BY channel, valid_from
