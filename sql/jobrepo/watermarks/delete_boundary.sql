DELETE FROM sendtime_extract_boundary WHERE source = :source AND entity = :entity
