-- sendtime warehouse, version 7: products the render's stock refresh skipped because their price broke the money
-- rules (they kept the last load's price and stock), counted per send.
ALTER TABLE render_summaries ADD COLUMN stock_skipped BIGINT DEFAULT 0;
