-- The recipients whose address is on the suppression list, appended by the renderer.
CREATE OR REPLACE TEMP TABLE render_suppressed (customer_key VARCHAR);
