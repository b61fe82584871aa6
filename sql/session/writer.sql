-- A warehouse writer: bulk INSERT ... SELECT in parallel and in less memory; every read that needs an
-- order says so.
SET preserve_insertion_order = false;
