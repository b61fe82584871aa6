-- A reader (sql, inspect, check, render preview): after connection.sql, no file outside the warehouse,
-- no extension, no attached database, and no setting changed afterwards. The statements a user types
-- into `sendtime sql` run on such a connection.
SET enable_external_access = false;
SET lock_configuration = true;
