-- The recipients the render threads rejected, appended by RenderPipeline (rendered ones go to the export,
-- ExportFiles, and publish.sql loads token_sets from it).
CREATE OR REPLACE TEMP TABLE render_staging (customer_key VARCHAR, email VARCHAR, variant VARCHAR,
                                             rejection VARCHAR);
