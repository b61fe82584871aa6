INSERT INTO sendtime_erased_id (id_hash, erasure_id) VALUES (:idHash, :erasureId)
