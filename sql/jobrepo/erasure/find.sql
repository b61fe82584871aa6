SELECT erasure_id, completed_at FROM sendtime_erasure WHERE erasure_id = :erasureId
