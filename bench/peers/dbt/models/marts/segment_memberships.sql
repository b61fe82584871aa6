-- segment_memberships: every profile's segments at the run's as_of (io.sendtime.load.SegmentRules with
-- sql/load/segment_match.sql, segment_matches.sql and segments.sql): each rule of var segments (the rows of
-- sql/load/segment_definitions.sql, passed by DbtPeer from sendtime's warehouse) evaluated in one pass over the
-- features; a profile is in every segment whose rule matches, the lowest priority is its primary segment.
-- (sendtime also keeps `since` and the load that last changed the row: load bookkeeping, not compared.)
{%- set segments = run_var('segments') %}
with segment_definitions as (
    select * from (values
    {%- for s in segments %}
        ('{{ s.name }}', {{ s.priority }}){% if not loop.last %},{% endif %}
    {%- endfor %}
    ) d(name, priority)
), segment_matches as (
    select f.customer_key, d.name AS segment, d.priority
    from (select customer_key,
                 unnest([{% for s in segments %}CASE WHEN coalesce(({{ s.rule }})::BOOLEAN, false) THEN {{ s.priority }} END{% if not loop.last %}, {% endif %}{% endfor %}]) AS priority
          from {{ ref('profile_features') }}) f
    join segment_definitions d ON d.priority = f.priority
)
select customer_key, segment,
       row_number() OVER (PARTITION BY customer_key ORDER BY priority) = 1 AS is_primary
from segment_matches
