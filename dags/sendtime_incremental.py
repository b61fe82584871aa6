"""sendtime_incremental: every hour, extract the hour from every source, curate, load, check."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG
from airflow.timetables.interval import CronDataIntervalTimetable

from sendtime_airflow import (DEFAULT_ARGS, DUCKDB_POOL, EXTRACT_WAIT, SendtimeOperator, configured_sources,
                              dagrun_timeout, interval_arguments)

with DAG(
    dag_id="sendtime_incremental",
    # hourly data intervals (Airflow 3's plain cron schedules have none): the run of 10:00 extracts [10:00, 11:00)
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    # the longest chain of task timeouts is 1 h 50 min (extract 45, transform 30, load 30, checks 5); the rest
    # is room for a retry and a wait for the DuckDB pool. A stuck run must not hold back the next hours.
    dagrun_timeout=dagrun_timeout("SENDTIME_INCREMENTAL_RUN_TIMEOUT", timedelta(hours=3)),
    default_args=DEFAULT_ARGS,
    tags=["sendtime", "incremental"],
    doc_md="""
### sendtime_incremental
Hourly. Extracts the run's data interval (`--from/--to`) from every configured source in parallel,
curates it (`run transform`), loads the DuckDB warehouse (`run load`, in the `sendtime_duckdb` pool) and
checks data quality (`check quality`: freshness, row counts, snapshot invariants, quarantine rate).
Retries, clears and backfills are idempotent: an interval extracts exactly once, a transform consumes
each extract run once, a load takes each curated run once.
""",
) as dag:
    extracts = [SendtimeOperator(
        task_id=f"extract_{source}", arguments=["run", "extract", "--source", source, *interval_arguments(), *EXTRACT_WAIT],
        execution_timeout=timedelta(minutes=45)) for source in configured_sources()]
    transform = SendtimeOperator(
        task_id="transform", arguments=["run", "transform"], pool=DUCKDB_POOL, execution_timeout=timedelta(minutes=30))
    load = SendtimeOperator(
        task_id="load", arguments=["run", "load"], pool=DUCKDB_POOL, execution_timeout=timedelta(minutes=30))
    quality = SendtimeOperator(
        task_id="quality_checks",
        arguments=["check", "quality", "--max-age", "{{ var.value.get('sendtime_max_age', '2h') }}",
                   "--at", "{{ data_interval_end | ts }}",
                   "--max-quarantine-rate", "{{ var.value.get('sendtime_max_quarantine_rate', '0.05') }}"],
        retries=0, pool=DUCKDB_POOL, execution_timeout=timedelta(minutes=5))

    extracts >> transform >> load >> quality
