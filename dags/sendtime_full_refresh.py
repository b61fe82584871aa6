"""sendtime_full_refresh: weekly full extract, full rebuild of the warehouse, lake housekeeping."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG

from sendtime_airflow import DEFAULT_ARGS, DUCKDB_POOL, EXTRACT_WAIT, SendtimeOperator, configured_sources, dagrun_timeout

with DAG(
    dag_id="sendtime_full_refresh",
    schedule="@weekly",
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    # the longest chain of task timeouts is 8 h (extract 3, transform 2, rebuild 2, housekeeping 1); the rest is
    # room for a retry and for waits on the DuckDB pool the hourly loads share
    dagrun_timeout=dagrun_timeout("SENDTIME_FULL_REFRESH_RUN_TIMEOUT", timedelta(hours=12)),
    default_args=DEFAULT_ARGS,
    tags=["sendtime", "full-refresh"],
    doc_md="""
### sendtime_full_refresh
Weekly. Re-extracts everything from every configured source (`run extract --full`, catching deletions and records
an incremental window missed), curates it, rebuilds every warehouse table from the curated lake
(`run load --full-rebuild`: profile history is kept, changed profiles get a new version), then keeps
the lake in shape (`lake housekeep`: compacts the week's small curated files into one per entity,
removes what last week's compaction replaced, in-progress files of crashed runs and unreferenced
export renders) and checks quality.
""",
) as dag:
    extracts = [SendtimeOperator(
        task_id=f"extract_{source}_full", arguments=["run", "extract", "--source", source, "--full", *EXTRACT_WAIT],
        execution_timeout=timedelta(hours=3)) for source in configured_sources()]
    transform = SendtimeOperator(
        task_id="transform", arguments=["run", "transform"], pool=DUCKDB_POOL, execution_timeout=timedelta(hours=2))
    rebuild = SendtimeOperator(
        task_id="load_full_rebuild", arguments=["run", "load", "--full-rebuild"], pool=DUCKDB_POOL,
        execution_timeout=timedelta(hours=2))
    housekeep = SendtimeOperator(
        task_id="lake_housekeeping", arguments=["lake", "housekeep", "--older-than", "6h"], pool=DUCKDB_POOL,
        execution_timeout=timedelta(hours=1))
    quality = SendtimeOperator(
        task_id="quality_checks", arguments=["check", "quality", "--max-age", "6h"], retries=0, pool=DUCKDB_POOL,
        execution_timeout=timedelta(minutes=5))

    extracts >> transform >> rebuild >> [housekeep, quality]
