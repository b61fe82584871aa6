-- The send's export for the email service, written by DuckDB into ${dir} (a new directory per render):
--   token_sets.parquet   customer_key, email, variant, tokens (MAP)
--   recipients.jsonl     one JSON object per recipient: email, customer_key, variant and the merge
--                        fields as dynamic_template_data (SendGrid; Braze/Mailchimp take the same object)

COPY (SELECT t.customer_key, p.email, t.variant, t.tokens
      FROM token_sets t JOIN profiles p USING (customer_key)
      WHERE t.campaign_id = getvariable('campaign_id') AND t.send_id = getvariable('send_id')
      ORDER BY t.customer_key)
TO '${dir}/token_sets.parquet' (FORMAT parquet);

COPY (SELECT p.email, t.customer_key, t.variant, t.tokens AS dynamic_template_data
      FROM token_sets t JOIN profiles p USING (customer_key)
      WHERE t.campaign_id = getvariable('campaign_id') AND t.send_id = getvariable('send_id')
      ORDER BY t.customer_key)
TO '${dir}/recipients.jsonl' (FORMAT json);
