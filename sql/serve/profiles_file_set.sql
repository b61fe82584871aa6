-- The file profiles_file.sql reads (a bound parameter).
SET VARIABLE serving_file = :file;
