DROP TABLE delta_${table};
