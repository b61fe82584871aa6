UPDATE sendtime_erasure SET identifiers = :identifiers WHERE erasure_id = :erasureId
