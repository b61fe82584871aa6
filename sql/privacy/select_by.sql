-- One table's rows whose ${column} holds one of the person's identifiers of that column's kind (right of access).
SELECT * FROM ${table} WHERE CAST(${column} AS VARCHAR) IN (SELECT value FROM erase_ids WHERE kind = :kind)
