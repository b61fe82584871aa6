"""sendtime_predispatch: triggered per campaign send; waits for fresh profiles, renders, publishes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG, Param, task

from sendtime_airflow import DEFAULT_ARGS, DUCKDB_POOL, SendtimeFreshnessSensor, SendtimeOperator, dagrun_timeout

with DAG(
    dag_id="sendtime_predispatch",
    schedule=None,
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    # the longest chain of task timeouts is 2 h 35 min (validation 5, the sensor's 2 h, render 30); the rest is
    # room for a render retry and a wait for the DuckDB pool
    dagrun_timeout=dagrun_timeout("SENDTIME_PREDISPATCH_RUN_TIMEOUT", timedelta(hours=4)),
    default_args=DEFAULT_ARGS,
    tags=["sendtime", "render"],
    params={
        "campaign_id": Param("win-back", type="string", description="templates/campaigns/<id>"),
        "send_at": Param("2026-11-22T18:00:00Z", type="string", description="ISO-8601 send time"),
        "send_id": Param("manual", type="string", description="a re-render of the same id replaces it"),
    },
    render_template_as_native_obj=False,
    doc_md="""
### sendtime_predispatch
Triggered once per campaign send with conf `{campaign_id, send_at, send_id}` (e.g. by
`dags/tools/trigger_predispatch.py`). Validates the templates, waits (sensor, up to 2 h) until the newest
profile snapshot is within the campaign's `freshness_limit`, renders every eligible recipient
(`run render`, in the `sendtime_duckdb` pool), and publishes the export's location to XCom
(`return_value` of `publish_export`) and the task log.
""",
) as dag:
    validate = SendtimeOperator(
        task_id="validate_templates", arguments=["templates", "validate"], retries=0,
        execution_timeout=timedelta(minutes=5))
    wait_fresh = SendtimeFreshnessSensor(
        task_id="wait_for_fresh_profiles", campaign_id="{{ params.campaign_id }}", poke_interval=60,
        timeout=2 * 3600, mode="reschedule", retries=0)
    render = SendtimeOperator(
        task_id="render",
        arguments=["run", "render", "--campaign", "{{ params.campaign_id }}", "--send-at", "{{ params.send_at }}",
                   "--send-id", "{{ params.send_id }}"],
        pool=DUCKDB_POOL, execution_timeout=timedelta(minutes=30))

    @task(task_id="publish_export")
    def publish_export(export: str | None, params=None) -> str:
        if not export:
            raise ValueError("render reported no export path")
        print(f"campaign {params['campaign_id']} send {params['send_id']}: export at {export}")
        return export

    validate >> wait_fresh >> render
    publish_export(render.output)
