-- The send's export for the email service, written by DuckDB into a new directory per render (the files
-- are bound parameters),
-- from render_out (publish.sql: the same rows it inserts into token_sets):
--   token_sets.parquet   customer_key, email, variant, tokens (MAP), consent_checked_at
--   recipients.jsonl     one JSON object per recipient: email, customer_key, variant, consent_checked_at and
--                        the merge fields as dynamic_template_data (SendGrid; Braze/Mailchimp take the same object)
-- consent_checked_at: when the consent the recipient was rendered under was taken from the sources (the
-- refresh just before this render; the snapshot's load when --allow-stale-consent let the send go on that
-- after a failed refresh; docs/privacy.md).

COPY (SELECT customer_key, email, variant, tokens, :consentCheckedAt::TIMESTAMPTZ AS consent_checked_at FROM render_out)
TO :tokenSetsFile (FORMAT parquet);

COPY (SELECT email, customer_key, variant, :consentCheckedAt::TIMESTAMPTZ AS consent_checked_at,
             tokens_json::JSON AS dynamic_template_data
      FROM render_out)
TO :recipientsFile (FORMAT json);
