SELECT count(*) FROM render_audience
