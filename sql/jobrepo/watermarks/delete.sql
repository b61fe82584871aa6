DELETE FROM sendtime_watermark WHERE source = :source AND entity = :entity
