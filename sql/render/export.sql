-- The send's export for the email service, written by DuckDB into a new directory per render (the files
-- are bound parameters),
-- from render_out (publish.sql: the same rows it inserts into token_sets):
--   token_sets.parquet   customer_key, email, variant, tokens (MAP), consent_checked_at, custom_args (MAP)
--   recipients.jsonl     one JSON object per recipient: email, customer_key, variant, consent_checked_at, the
--                        merge fields as dynamic_template_data (SendGrid; Braze/Mailchimp take the same object) and
--                        custom_args
-- consent_checked_at: when the consent the recipient was rendered under was taken from the sources (the
-- refresh just before this render; the snapshot's load when --allow-stale-consent let the send go on that
-- after a failed refresh; docs/privacy.md).
-- custom_args: what SendGrid's v3 mail send takes as personalizations[].custom_args and copies into every event of
-- the message (docs/render.md), so each event maps back to its send and recipient: sendtime_campaign, sendtime_send,
-- sendtime_variant, sendtime_customer (the names sendtime serve reads them by: sendtime.serve.esp.sendgrid.fields;
-- prefixed, as SendGrid puts them beside its own fields in an event); text values only (SendGrid refuses others),
-- one left out when it has none.

CREATE OR REPLACE TEMP VIEW render_export AS
SELECT customer_key, email, variant, tokens, tokens_json,
       map_from_entries(list_filter([('sendtime_campaign', getvariable('campaign_id')),
                                     ('sendtime_send', getvariable('send_id')), ('sendtime_variant', variant),
                                     ('sendtime_customer', customer_key)],
                                    lambda arg: arg[2] IS NOT NULL)) AS custom_args
FROM render_out;

COPY (SELECT customer_key, email, variant, tokens, :consentCheckedAt::TIMESTAMPTZ AS consent_checked_at, custom_args
      FROM render_export)
TO :tokenSetsFile (FORMAT parquet);

COPY (SELECT email, customer_key, variant, :consentCheckedAt::TIMESTAMPTZ AS consent_checked_at,
             tokens_json::JSON AS dynamic_template_data, custom_args
      FROM render_export)
TO :recipientsFile (FORMAT json);
