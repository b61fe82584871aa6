-- The arguments audience.sql gives the features macro after render_at (${feature_arguments}) when the warehouse's
-- macro takes the parts (feature_parts_defined.sql): the variables feature_parts.sql set.
, with_views := getvariable('with_views'), with_email := getvariable('with_email'),
  with_deciles := getvariable('with_deciles')
