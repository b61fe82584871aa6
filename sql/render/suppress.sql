-- Recipients on the suppression list get no token set (reason: suppressed), whatever their consent says.
UPDATE render_audience SET excluded_reason = 'suppressed'
WHERE customer_key IN (SELECT customer_key FROM render_suppressed);
