-- The columns of render_audience a send keeps whatever its campaign reads (audience.sql's ${audience_columns}), with
-- the columns of the template context's fields it reads (RecipientSelection, ContextFields: the fields of
-- template_context.sql the campaign's templates read); a preview keeps them all, for in_audience.sql. Everything else
-- a campaign's SQL filter reads is read while the audience is selected, not kept.
customer_key, email, excluded_reason
