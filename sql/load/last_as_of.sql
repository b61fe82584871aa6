SELECT max(as_of) FROM load_log
