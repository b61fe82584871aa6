"""A real Airflow for the DAG tests: its own AIRFLOW_HOME and SQLite metadata database in a temp
directory, the repository's dags/ folder, and a sendtime runtime directory of its own. The env is set
before Airflow is imported."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"
WORK = Path(tempfile.mkdtemp(prefix="sendtime-airflow-"))
AIRFLOW_HOME = WORK / "airflow"
AIRFLOW_HOME.mkdir()
SENDTIME_VAR = WORK / "var"
CRM_TOKEN = "crm-test-token"
COMMERCE_TOKEN = "commerce-test-token"
PRIVACY_KEY = "privacy-test-key-not-a-secret"

os.environ.update({
    "AIRFLOW_HOME": str(AIRFLOW_HOME),
    "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{AIRFLOW_HOME}/airflow.db",
    "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
    "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
    "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
    "SENDTIME_DAG_RETRIES": "0",
    "AIRFLOW_VAR_SENDTIME_HOME": str(REPO),
    "AIRFLOW_VAR_SENDTIME_VAR": str(SENDTIME_VAR),
    "AIRFLOW_CONN_SENDTIME_CRM": json.dumps({"conn_type": "http", "password": CRM_TOKEN}),
    "AIRFLOW_CONN_SENDTIME_COMMERCE": json.dumps({"conn_type": "http", "password": COMMERCE_TOKEN}),
    "AIRFLOW_CONN_SENDTIME_PRIVACY": json.dumps({"conn_type": "generic", "password": PRIVACY_KEY}),
})
BIN = Path(sys.executable).parent
# Airflow puts the DAGs folder on sys.path when it parses or runs the DAGs, so `import sendtime_airflow`
# works there; pytest does not, so the tests do it here, and only here (test_dag_integrity checks)
sys.path.insert(0, str(DAGS))


def airflow(*args: str, check: bool = True, timeout: float = 900, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(BIN / "airflow"), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if check and done.returncode != 0:
        raise AssertionError(f"airflow {' '.join(args)} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def sendtime(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(REPO / "sendtime"), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "SENDTIME_VAR": str(SENDTIME_VAR), "SENDTIME_PRIVACY_KEY": PRIVACY_KEY,
                               **(env or {})})
    if check and done.returncode != 0:
        raise AssertionError(f"sendtime {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")
    return done


def lake_verify(var: Path) -> dict[str, tuple[int, int]]:
    """`sendtime lake verify` of the runtime directory `var` (an AssertionError when it fails: a file a manifest
    lists is missing or a record version was written twice): per source entity, (records, duplicates)."""
    out = sendtime("lake", "verify", env={"SENDTIME_VAR": str(var)}).stdout.splitlines()
    return {f"{line.split()[1]}/{line.split()[2]}": (int(line.split()[5].replace(",", "")), int(line.split()[9]))
            for line in out}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SampleApis:
    """`sendtime sources serve` on a loopback port, with known tokens; stopped by the fixture.

    `options` are more `sources serve` options (a generated dataset, churn); `rate_limit` is the commerce API's."""

    def __init__(self, port: int, *options: str, rate_limit: str = "generous"):
        self.port = port
        self.options = [*options, "--rate-limit", rate_limit]
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(REPO / "sendtime"), "sources", "serve", "--port", str(self.port), *self.options],
            env={**os.environ, "SENDTIME_CRM_TOKEN": CRM_TOKEN, "SENDTIME_COMMERCE_TOKEN": COMMERCE_TOKEN},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise AssertionError("the sample APIs did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=30)


def write_config(path: Path, port: int, commerce_port: int | None = None, **settings: str) -> Path:
    """A sendtime config against the sample APIs on `port`. `settings` are more settings of both sources, or
    replace one of these: YAML values by key with `_` for `-` (lookback="40m", retry="{max-attempts: 9}")."""
    source = {"retry": "{max-attempts: 2, initial-backoff: 100ms, max-backoff: 200ms}",
              **{key.replace("_", "-"): value for key, value in settings.items()}}
    lines = "".join(f"\n      {key}: {value}" for key, value in source.items())
    path.write_text(f"""
sendtime:
  sources:
    crm:
      base-url: http://127.0.0.1:{port}{lines}
    commerce:
      base-url: http://127.0.0.1:{commerce_port or port}{lines}
  render:
    stock-timeout: 5s
""")
    return path


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
        self._token: str | None = None

    def start(self) -> "Standalone":
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([str(BIN / "airflow"), "standalone"], env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def token(self) -> str:
        """A JWT of the simple auth manager's admin; fetched once, it outlives a test."""
        if not self._token:
            with urllib.request.urlopen(f"{self.url}/auth/token", timeout=30) as response:
                self._token = json.load(response)["access_token"]
        return self._token

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        """One call of Airflow's REST API (`/api/v2` + path); its JSON answer."""
        request = urllib.request.Request(
            f"{self.url}/api/v2{path}", method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token()}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def poll(self, read, done, timeout: float, what: str):
        """`read()` every 2 s until `done` says yes to what it returned; that value. Raises with `what` after
        `timeout` seconds. A busy api-server that does not answer in time is asked again."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"airflow standalone exited: {self.tail()}"
            try:
                value = read()
                if done(value):
                    return value
            except OSError:
                pass
            time.sleep(2)
        raise AssertionError(f"{what} within {timeout:.0f} s: {self.tail()}")

    def wait_for_dag(self, dag_id: str, timeout: float = 300) -> None:
        """Until the api-server answers and the dag-processor has stored the DAG."""
        self.poll(lambda: self.api("GET", f"/dags/{dag_id}"), lambda dag: True, timeout,
                  f"{dag_id} did not appear in Airflow")

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 300) -> str:
        """Until the DAG run has finished; its state (success or failed)."""
        return self.poll(lambda: self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}")["state"],
                         lambda state: state in ("success", "failed"), timeout, f"{dag_id} run {run_id} did not finish")

    def wait_for_tasks(self, dag_id: str, run_id: str, task_ids: list[str], timeout: float = 300) -> None:
        """Until these tasks of the DAG run have finished (succeeded, failed, skipped or not to run)."""
        self.poll(lambda: [self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{t}")["state"]
                           for t in task_ids],
                  lambda states: all(s in ("success", "failed", "skipped", "upstream_failed", "removed") for s in states),
                  timeout, f"{dag_id} run {run_id}: {task_ids} did not finish")

    def task_log(self, dag_id: str, run_id: str, task_id: str) -> str:
        """The messages of the task's log (its first try), one a line: the CLI's output among them."""
        path = AIRFLOW_HOME / "logs" / f"dag_id={dag_id}" / f"run_id={run_id}" / f"task_id={task_id}" / "attempt=1.log"
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        return "\n".join(json.loads(line).get("event", "") if line.startswith("{") else line for line in lines)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)  # standalone stops its components on Ctrl-C
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever did not stop
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def airflow_db():
    airflow("db", "migrate")
    airflow("pools", "set", "sendtime_duckdb", "1", "DuckDB writers: load and render")
    yield AIRFLOW_HOME


@pytest.fixture(scope="session")
def postgres() -> str:
    """The JDBC URL of a PostgreSQL for job repositories: the one `.ci/test` starts and exports, or else the one
    `.ci/postgres.sh` installs or starts here (left running: `.ci/postgres.sh stop` stops it)."""
    return os.environ.get("SENDTIME_TEST_POSTGRES_URL") or subprocess.run(
        [str(REPO / ".ci" / "postgres.sh")], capture_output=True, text=True, check=True).stdout.strip()


def job_repository(postgres_url: str, schema: str, var: Path) -> dict[str, str]:
    """The environment of a sendtime whose job repository is `schema` of that PostgreSQL, emptied, with its tables
    created (as a deployment's are before its tasks run at the same time)."""
    user = os.environ.get("SENDTIME_TEST_POSTGRES_USER", "sendtime")
    password = os.environ.get("SENDTIME_TEST_POSTGRES_PASSWORD", "sendtime-test-only")
    host, port, database = re.fullmatch(r"jdbc:postgresql://([^:/]+):(\d+)/(\w+)", postgres_url).groups()
    subprocess.run(["psql", "-q", "-h", host, "-p", port, "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1",
                    "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE", "-c", f"CREATE SCHEMA {schema}"],
                   env={**os.environ, "PGPASSWORD": password}, capture_output=True, text=True, check=True)
    env = {"SENDTIME_JOBREPO_URL": f"{postgres_url}?currentSchema={schema}", "SENDTIME_JOBREPO_USER": user,
           "SENDTIME_JOBREPO_PASSWORD": password}
    sendtime("run", "transform", env={**env, "SENDTIME_VAR": str(var)})  # nothing to curate: creates the tables
    return env


@pytest.fixture(scope="session", autouse=True)
def cleanup():
    yield
    shutil.rmtree(WORK, ignore_errors=True)
