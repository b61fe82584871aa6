-- The first recipients of the audience, for the render benchmark's merge-only reference.
SELECT * FROM render_recipients LIMIT ${limit}
