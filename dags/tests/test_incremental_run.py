"""`airflow dags test sendtime_incremental` against the real sample APIs: the lake and the warehouse fill;
a run failing on the commerce source completes, once the source is back, without duplicates."""
from __future__ import annotations

import json

from conftest import SENDTIME_VAR, WORK, SampleApis, airflow, free_port, sendtime, write_config

# the run whose data interval is [12:00, 13:00) on 2024-01-01: the hour of the sample data holding Bob
# Norman's contact, customer, first order and events
LOGICAL_DATE = "2024-01-01T13:00:00+00:00"


def rows(sql: str) -> list[dict]:
    return json.loads(sendtime("sql", "--format", "json", sql).stdout or "[]")


def test_a_failed_source_fails_the_run_and_clearing_it_completes_without_duplicates(airflow_db):
    port = free_port()
    down_port = free_port()
    apis = SampleApis(port).start()
    try:
        # given the commerce source is unreachable
        config = write_config(WORK / "incremental-down.yaml", port, commerce_port=down_port)
        env = {"AIRFLOW_VAR_SENDTIME_CONFIG": str(config)}
        failed = airflow("dags", "test", "sendtime_incremental", LOGICAL_DATE, check=False, env=env)
        # then the run fails: the commerce extract fails with the CLI's message, nothing downstream runs
        assert failed.returncode != 0, "the run with the commerce source down must fail"
        assert "DagRun failed" in failed.stdout + failed.stderr
        assert "sendtime:" in failed.stdout + failed.stderr
        assert any((SENDTIME_VAR / "lake" / "raw").rglob("*.parquet")), "the CRM extract ran"
        assert not any((SENDTIME_VAR / "lake" / "curated").rglob("*.parquet")), "transform must not run"

        # when the source is back and the run is run again for the same interval
        config = write_config(WORK / "incremental.yaml", port)
        env = {"AIRFLOW_VAR_SENDTIME_CONFIG": str(config)}
        airflow("tasks", "clear", "sendtime_incremental", "-s", LOGICAL_DATE, "-e", LOGICAL_DATE, "-y", env=env)
        airflow("dags", "test", "sendtime_incremental", LOGICAL_DATE, env=env)  # exits 0: the run succeeded

        # then the lake and the warehouse hold the interval, each record once
        assert any((SENDTIME_VAR / "lake" / "curated").rglob("*.parquet"))
        loads = rows("SELECT status FROM load_log")
        assert loads and all(l["status"] == "completed" for l in loads)
        bob = rows("SELECT first_name, orders_count FROM profiles WHERE email = 'bob.norman@mail.example.com'")
        assert bob == [{"first_name": "Bob", "orders_count": 1}]
        assert_raw_lake_once()

        # and running the same interval again changes nothing (an extracted interval is a no-op)
        before = rows("SELECT count(*) AS n FROM events")
        airflow("tasks", "clear", "sendtime_incremental", "-s", LOGICAL_DATE, "-e", LOGICAL_DATE, "-y", env=env)
        airflow("dags", "test", "sendtime_incremental", LOGICAL_DATE, env=env)
        assert rows("SELECT count(*) AS n FROM events") == before
        assert_raw_lake_once()
    finally:
        apis.stop()


def assert_raw_lake_once():
    """Every record version (id, source cursor) in the raw lake once, across runs, retries and replays."""
    verify = sendtime("lake", "verify")
    lines = verify.stdout.splitlines()
    assert any(line.split()[1:3] == ["commerce", "orders"] for line in lines), verify.stdout
    for line in lines:
        records, missing, duplicates = int(line.split()[5].replace(",", "")), int(line.split()[7]), int(line.split()[9])
        assert missing == 0 and duplicates == 0, line
    assert sum(int(line.split()[5].replace(",", "")) for line in lines) > 0
