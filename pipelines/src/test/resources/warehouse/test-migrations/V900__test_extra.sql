-- test-only: a later migration, applied on top of sql/warehouse
CREATE TABLE test_extra (id BIGINT PRIMARY KEY, note VARCHAR);
ALTER TABLE profiles ADD COLUMN test_flag BOOLEAN;
