DELETE FROM ${table};
