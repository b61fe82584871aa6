-- Everyone with a CRM contact or a commerce customer record (sql/load/touch_all.sql, touched_keys.sql): the marts
-- recompute every profile on each run (dbt's table materialization), where sendtime's incremental load recomputes
-- only the customers the new versions touch.
select distinct customer_key
from (select customer_key from {{ ref('contacts') }} union all select customer_key from {{ ref('customers') }})
where customer_key IS NOT NULL
