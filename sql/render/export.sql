-- The send's export for the email service, written by DuckDB into a new directory per render (the files
-- are bound parameters),
-- from render_out (publish.sql: the same rows it inserts into token_sets):
--   token_sets.parquet   customer_key, email, variant, tokens (MAP)
--   recipients.jsonl     one JSON object per recipient: email, customer_key, variant and the merge
--                        fields as dynamic_template_data (SendGrid; Braze/Mailchimp take the same object)

COPY (SELECT customer_key, email, variant, tokens FROM render_out)
TO :tokenSetsFile (FORMAT parquet);

COPY (SELECT email, customer_key, variant, tokens_json::JSON AS dynamic_template_data FROM render_out)
TO :recipientsFile (FORMAT json);
