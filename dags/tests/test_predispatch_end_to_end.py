"""End to end in a running Airflow: `airflow standalone` on loopback (scheduler, dag-processor, triggerer,
api-server), sendtime_predispatch triggered through the REST API by dags/tools/trigger_predispatch.py,
the token sets checked in DuckDB. Airflow is shut down at the end, also when the test fails."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from conftest import BIN, REPO, WORK, SampleApis, airflow, free_port, sendtime, write_config

CAMPAIGN = "recommendations-newsletter"
SEND_ID = "e2e-1"


class Standalone:
    """`airflow standalone` in its own process group, with the task environment of a deployment."""

    def __init__(self, port: int, env: dict[str, str]):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = WORK / "standalone.log"
        self.env = {
            **os.environ, **env,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__BASE_URL": self.url,
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.url}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": "sendtime-end-to-end-test-only-" + "0" * 40,
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> "Standalone":
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([str(BIN / "airflow"), "standalone"], env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def token(self) -> str:
        with urllib.request.urlopen(f"{self.url}/auth/token", timeout=10) as response:
            return json.load(response)["access_token"]

    def wait_for_dag(self, dag_id: str, timeout: float = 300) -> None:
        """Until the api-server answers and the dag-processor has stored the DAG."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"airflow standalone exited: {self.tail()}"
            try:
                request = urllib.request.Request(f"{self.url}/api/v2/dags/{dag_id}",
                                                 headers={"Authorization": f"Bearer {self.token()}"})
                with urllib.request.urlopen(request, timeout=10) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(2)
        raise AssertionError(f"{dag_id} did not appear in Airflow within {timeout:.0f} s: {self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)  # standalone stops its components on Ctrl-C
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever did not stop
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)


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
