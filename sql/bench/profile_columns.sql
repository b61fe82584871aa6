-- The warehouse's profiles columns in table order (what to_json and hash() follow), for the reference's profiles view.
SELECT column_name FROM information_schema.columns
WHERE table_schema = 'main' AND table_name = 'profiles' ORDER BY ordinal_position
