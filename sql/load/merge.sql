-- Replaces the current versions of one entity by the newer staged ones (delta_${table}, see stage.sql).

DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM delta_${table});

INSERT INTO ${table} BY NAME SELECT * FROM delta_${table};
