SELECT count(*) FROM delta_${table}
