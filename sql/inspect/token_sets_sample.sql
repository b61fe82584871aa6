-- A few token sets of one send, for the demo's summary.
SELECT customer_key, variant, tokens FROM token_sets
WHERE campaign_id = :campaign AND send_id = :send
ORDER BY customer_key LIMIT 2
