"""`airflow dags test sendtime_full_refresh` against the real sample APIs, after two hourly-style loads:
full extracts, a full rebuild, the compaction of the curated files, and the quality checks all run;
afterwards an incremental load has nothing to merge and another rebuild gives the same profiles."""
from __future__ import annotations

import json

from conftest import COMMERCE_TOKEN, CRM_TOKEN, WORK, SampleApis, airflow, free_port, sendtime, write_config

VAR = WORK / "full-refresh-var"
LOGICAL_DATE = "2024-01-08T00:00:00+00:00"
INTERVALS = [("2024-01-01T00:00:00Z", "2024-07-01T00:00:00Z"), ("2024-07-01T00:00:00Z", "2025-01-01T00:00:00Z")]


def run(config, *args: str) -> str:
    return sendtime(*args, env={"SENDTIME_VAR": str(VAR), "SENDTIME_CONFIG": str(config),
                                "SENDTIME_CRM_TOKEN": CRM_TOKEN, "SENDTIME_COMMERCE_TOKEN": COMMERCE_TOKEN}).stdout


def rows(config, sql: str) -> list[dict]:
    return json.loads(run(config, "sql", "--format", "json", sql) or "[]")


def manifests() -> list[dict]:
    return [json.loads(p.read_text()) for p in (VAR / "lake" / "curated" / "_manifests").glob("*.json")]


def test_the_weekly_refresh_rebuilds_and_compacts_the_curated_lake(airflow_db):
    port = free_port()
    apis = SampleApis(port).start()
    try:
        config = write_config(WORK / "full-refresh.yaml", port)
        # given two loaded intervals: two transform runs, each with its small files
        for start, end in INTERVALS:
            for source in ("crm", "commerce"):
                run(config, "run", "extract", "--source", source, "--from", start, "--to", end)
            run(config, "run", "transform")
            run(config, "run", "load")
        assert len(manifests()) == 2

        # when the weekly DAG runs
        env = {"AIRFLOW_VAR_SENDTIME_CONFIG": str(config), "AIRFLOW_VAR_SENDTIME_VAR": str(VAR)}
        airflow("dags", "test", "sendtime_full_refresh", LOGICAL_DATE, env=env)  # exits 0: every task succeeded

        # then the full extract's transform was rebuilt into the warehouse and the three manifests were
        # compacted into one that replaces them (kept for the DAG's 6 h grace, never read again)
        found = manifests()
        compactions = [m for m in found if m.get("replaces")]
        assert len(compactions) == 1, found
        transforms = {m["transformRunId"] for m in found if not m.get("replaces")}
        assert set(compactions[0]["replaces"]) == transforms and len(transforms) == 3
        # one file per entity that has records (the samples have no email events: that entity keeps none)
        entities = compactions[0]["entities"]
        assert all(len(e["files"]) == (1 if e["records"] else 0) for e in entities.values()), entities
        assert sum(1 for e in entities.values() if e["files"]) >= 7
        assert rows(config, "SELECT mode FROM load_log ORDER BY load_id DESC LIMIT 1") == [{"mode": "full-rebuild"}]

        # and the warehouse does not merge the compacted records again, nor does a rebuild from them differ
        profiles = rows(config, "SELECT customer_key, row_hash FROM profiles ORDER BY customer_key")
        assert profiles
        run(config, "run", "load")
        assert rows(config, "SELECT manifests, profiles_touched FROM load_log ORDER BY load_id DESC LIMIT 1") == [
            {"manifests": 0, "profiles_touched": 0}]
        run(config, "run", "load", "--full-rebuild")
        assert rows(config, "SELECT manifests FROM load_log ORDER BY load_id DESC LIMIT 1") == [{"manifests": 1}]
        assert rows(config, "SELECT customer_key, row_hash FROM profiles ORDER BY customer_key") == profiles
    finally:
        apis.stop()
