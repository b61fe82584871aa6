{#- read_parquet over a list of curated files, like sendtime's read_parquet(getvariable('files_<table>')). -#}
{% macro read_curated(files) -%}
read_parquet([{% for f in files %}'{{ f | replace("'", "''") }}'{% if not loop.last %}, {% endif %}{% endfor %}],
             union_by_name = true, hive_partitioning = false)
{%- endmacro %}

{#- The files of one curated entity in this invocation (var files, set by DbtPeer). -#}
{% macro curated_files(entity) -%}
{{ return(run_var('files').get(entity, [])) }}
{%- endmacro %}

{#-
  The staging select of one curated entity (sql/load/rebuild.sql, stage.sql, prune.sql and keep_latest.sql):
  the latest version per key in this invocation's files, by (_source_updated_at, _extracted_at, _raw_run_id) descending;
  on an incremental run, only versions newer than the one the table holds (late and replayed versions change
  nothing). The model's delete+insert on unique_key then replaces the current version. _dbt_load_id marks the
  rows this invocation wrote (the hooks' delta_<table>: order_items reads it).
  No files for the entity in this invocation: nothing changes (incremental), or `empty` (the first build).
  Unlike sendtime's rebuild, the QUALIFY always runs (sendtime skips it when it counted no repeated key).
-#}
{% macro curated_latest(entity, key, extra_columns='', empty=none) -%}
{%- set files = curated_files(entity) -%}
{%- if files | length == 0 -%}
  {%- if is_incremental() -%}
select * from {{ this }} where false
  {%- else -%}
{%- if empty is not none -%}
{{ empty }}
  {%- elif execute -%}
{{ exceptions.raise_compiler_error("no curated files for " ~ entity ~ " in the first build") }}
  {%- else -%}
select 1 {#- parsing only -#}
  {%- endif -%}
  {%- endif -%}
{%- else -%}
select v.*{{ extra_columns }}, {{ run_var('load_id') }}::BIGINT AS _dbt_load_id
from {{ read_curated(files) }} v
{%- if is_incremental() %}
where not exists (select 1 from {{ this }} t
                  where t.{{ key }} = v.{{ key }}
                    and (t._source_updated_at, t._extracted_at, t._raw_run_id)
                        >= (v._source_updated_at, v._extracted_at, v._raw_run_id))
{%- endif %}
qualify row_number() over (partition by v.{{ key }}
                           order by v._source_updated_at desc, v._extracted_at desc, v._raw_run_id desc) = 1
{%- endif -%}
{%- endmacro %}

{#- This invocation's values (DbtPeer): the JSON in the environment variable SENDTIME_DBT_RUN, else the project's vars. -#}
{% macro run_var(name) -%}
{%- set run = fromjson(env_var('SENDTIME_DBT_RUN', '{}')) -%}
{{ return(run[name] if name in run else var(name)) }}
{%- endmacro %}
