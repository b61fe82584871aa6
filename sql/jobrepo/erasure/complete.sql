UPDATE sendtime_erasure SET completed_at = :completedAt WHERE erasure_id = :erasureId
