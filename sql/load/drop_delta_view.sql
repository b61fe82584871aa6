DROP VIEW delta_${table};
