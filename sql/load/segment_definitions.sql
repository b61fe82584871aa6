-- The segments: a name, a priority (lower wins the primary segment), and a rule, a boolean SQL
-- expression over the columns of profile_features (sql/load/features.sql), evaluated at each load's
-- as_of. This file is the data: each load replaces segment_definitions with it. Edit, then run a load.

INSERT INTO segment_definitions (name, priority, rule_sql, description) VALUES
('cart_abandoner', 10, 'cart_abandoned',
 'Left a cart that no purchase followed, longer ago than sendtime.load.cart-abandon-after.'),
('vip', 20, 'orders_count >= 5 AND days_since_last_order <= 365',
 'Five or more valid orders, the latest within a year.'),
('at_risk', 30, 'orders_count >= 2 AND days_since_last_order BETWEEN 120 AND 365',
 'Repeat customers who have not ordered for four months to a year.'),
('new_customer', 40, 'orders_count = 1 AND days_since_last_order <= 60',
 'First order within the last 60 days.'),
('lapsed', 50, 'orders_count >= 1 AND days_since_last_order > 365',
 'Ordered before, nothing for over a year.'),
('browser', 60, 'orders_count = 0 AND recent_views > 0',
 'Never ordered, viewed products in the view window.'),
('prospect', 70, 'orders_count = 0',
 'Never ordered.');
