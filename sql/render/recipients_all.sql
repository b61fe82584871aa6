-- Every row of render_recipients, as the renderer reads them (RecipientRows.read): the context as its UTF-8 bytes
-- (encode: the text's bytes as they are, where a cast to BLOB would read backslash escapes), so the JDBC driver
-- copies them instead of decoding each context into a Java String, and the render threads parse the bytes.
SELECT customer_key, email, encode(context::VARCHAR) AS context FROM render_recipients
