-- The recipients the render threads rejected, and why, appended by RenderPipeline once every recipient is read
-- (rendered ones go to the export, ExportFiles, and publish.sql loads token_sets from it).
CREATE OR REPLACE TEMP TABLE render_staging (customer_key VARCHAR, rejection VARCHAR);
