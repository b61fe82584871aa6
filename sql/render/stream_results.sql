-- While the render threads read render_recipients (RenderPipeline): DuckDB hands the rows over a chunk at a time as
-- they are made, instead of making every context first and keeping them all (the JDBC driver's default: about 600
-- bytes a recipient of native memory, 565 MB at 1M). Nothing else may run on the connection until the rows are read.
SET jdbc_stream_results = true
