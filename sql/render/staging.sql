-- What the render threads produce, appended by RenderPipeline: the tokens as one JSON object per recipient.
CREATE OR REPLACE TEMP TABLE render_staging (customer_key VARCHAR, email VARCHAR, variant VARCHAR,
                                             rejection VARCHAR, tokens_json VARCHAR);
