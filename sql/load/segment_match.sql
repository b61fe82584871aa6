CASE WHEN coalesce((${rule})::BOOLEAN, false) THEN ${priority} END
