-- The columns of render_audience a send keeps (audience.sql's ${audience_columns}; a preview keeps them all, for
-- in_audience.sql): what template_context.sql reads, and excluded_reason. Everything else a campaign's SQL filter may
-- read is read while the audience is selected, not kept.
customer_key, email, excluded_reason, first_name, last_name, country, language, currency, orders_count,
lifetime_value_minor, last_order_at, days_since_last_order, top_categories_by_spend, top_categories_by_views,
cart_items, cart_value_minor, cart_currency, last_viewed_products, segments, primary_segment, engagement_score
