"""End to end in a running Airflow: `airflow standalone` on loopback (scheduler, dag-processor, triggerer,
api-server), sendtime_predispatch triggered through the REST API by dags/tools/trigger_predispatch.py,
the token sets checked in DuckDB. Airflow is shut down at the end, also when the test fails."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO, WORK, SampleApis, Standalone, airflow, free_port, sendtime, write_config

CAMPAIGN = "recommendations-newsletter"
SEND_ID = "e2e-1"


def rows(env: dict, sql: str) -> list[dict]:
    return json.loads(sendtime("sql", "--format", "json", sql, env=env).stdout or "[]")


def test_predispatch_triggered_through_the_rest_api_renders_the_token_sets(airflow_db):
    port = free_port()
    apis = SampleApis(port).start()
    airflow_server = None
    try:
        # given fresh profiles in a runtime directory of this test (extract, transform and load of the samples)
        var = WORK / "var-e2e"
        config = write_config(WORK / "e2e.yaml", port)
        env = {"SENDTIME_VAR": str(var), "SENDTIME_CONFIG": str(config),
               "SENDTIME_CRM_TOKEN": "crm-test-token", "SENDTIME_COMMERCE_TOKEN": "commerce-test-token"}
        for args in (["run", "extract", "--source", "crm"], ["run", "extract", "--source", "commerce"],
                     ["run", "transform"], ["run", "load"]):
            sendtime(*args, env=env)

        # and a running Airflow whose tasks use that directory (the scheduled DAGs paused: only the send runs)
        for dag_id in ("sendtime_incremental", "sendtime_full_refresh"):
            airflow("dags", "pause", dag_id, check=False)
        airflow_server = Standalone(free_port(), {"AIRFLOW_VAR_SENDTIME_VAR": str(var),
                                                  "AIRFLOW_VAR_SENDTIME_CONFIG": str(config)}).start()
        airflow_server.wait_for_dag("sendtime_predispatch")

        # when the campaign scheduler triggers the send through the REST API and waits
        done = subprocess.run(
            [sys.executable, str(REPO / "dags" / "tools" / "trigger_predispatch.py"), "--airflow", airflow_server.url,
             "--campaign", CAMPAIGN, "--send-at", "2026-11-22T18:00:00Z", "--send-id", SEND_ID,
             "--timeout", "600", "--poll", "2"],
            capture_output=True, text=True, timeout=700)
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{airflow_server.tail()}"

        # then it prints the export it published, and DuckDB holds one token set per rendered recipient
        export = done.stdout.strip().splitlines()[-1].removeprefix("export: ")
        assert export.startswith(str(var / "lake" / "exports" / CAMPAIGN / SEND_ID))
        assert os.path.exists(os.path.join(export, "recipients.jsonl"))
        summary = rows(env, f"SELECT audience, rendered FROM render_summaries"
                            f" WHERE campaign_id = '{CAMPAIGN}' AND send_id = '{SEND_ID}'")
        assert len(summary) == 1 and summary[0]["rendered"] > 0
        sets = rows(env, f"SELECT count(*) AS n, count(DISTINCT customer_key) AS recipients,"
                         f" min(cardinality(tokens)) AS tokens FROM token_sets"
                         f" WHERE campaign_id = '{CAMPAIGN}' AND send_id = '{SEND_ID}'")
        assert sets[0]["n"] == sets[0]["recipients"] == summary[0]["rendered"]
        assert sets[0]["tokens"] == 8
    finally:
        if airflow_server:
            airflow_server.stop()
        apis.stop()
