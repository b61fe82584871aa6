-- The template context of one recipient (templates/README.md) as one JSON object: one expression, read by
-- render/recipients.sql (the render) and load/serving/profiles.sql (the profiles snapshot the load publishes for
-- sendtime serve, whose open-time content renders tokens from it with the render's code), so both give the same
-- shape. It reads a relation aliased a (the columns of render_audience: profile_features_at with segments and
-- primary_segment) and one aliased b (product_ids: what they bought, NULL: nothing). Product lists are ids
-- (last_viewed_ids, bought_ids), instants (*_at) epoch microseconds.
-- Written as to_json({'name': expression, ...})::VARCHAR, one field per name: a send keeps only the fields its
-- campaign's templates read (render/ContextFields.java reads the fields from this file, and which columns of a each one
-- reads), the snapshot and a preview all of them.
to_json({
  'customer_key': a.customer_key, 'email': a.email, 'first_name': a.first_name, 'last_name': a.last_name,
  'country': a.country, 'language': a.language, 'currency': a.currency,
  'orders_count': a.orders_count, 'lifetime_value_minor': a.lifetime_value_minor,
  'last_order_at': epoch_us(a.last_order_at), 'days_since_last_order': a.days_since_last_order,
  'top_categories': a.top_categories_by_spend, 'top_categories_by_views': a.top_categories_by_views,
  'cart_items': coalesce(list_transform(a.cart_items, lambda i: {'product_id': i.product_id, 'title': i.title,
                'quantity': i.quantity, 'price_minor': i.price_minor, 'currency': a.cart_currency}), []),
  'cart_value_minor': a.cart_value_minor, 'cart_currency': a.cart_currency,
  'last_viewed_ids': a.last_viewed_products, 'bought_ids': coalesce(b.product_ids, []::BIGINT[]),
  'segments': a.segments, 'primary_segment': a.primary_segment, 'engagement_score': a.engagement_score
})::VARCHAR
