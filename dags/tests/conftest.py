"""A real Airflow for the DAG tests: its own AIRFLOW_HOME and SQLite metadata database in a temp
directory, the repository's dags/ folder, and a sendtime runtime directory of its own. The env is set
before Airflow is imported."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SampleApis:
    """`sendtime sources serve` on a loopback port, with known tokens; stopped by the fixture."""

    def __init__(self, port: int):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(REPO / "sendtime"), "sources", "serve", "--port", str(self.port), "--rate-limit", "generous"],
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


def write_config(path: Path, port: int, commerce_port: int | None = None) -> Path:
    path.write_text(f"""
sendtime:
  sources:
    crm:
      base-url: http://127.0.0.1:{port}
      retry: {{max-attempts: 2, initial-backoff: 100ms, max-backoff: 200ms}}
    commerce:
      base-url: http://127.0.0.1:{commerce_port or port}
      retry: {{max-attempts: 2, initial-backoff: 100ms, max-backoff: 200ms}}
  render:
    stock-timeout: 5s
""")
    return path


@pytest.fixture(scope="session")
def airflow_db():
    airflow("db", "migrate")
    airflow("pools", "set", "sendtime_duckdb", "1", "DuckDB writers: load and render")
    yield AIRFLOW_HOME


@pytest.fixture(scope="session", autouse=True)
def cleanup():
    yield
    shutil.rmtree(WORK, ignore_errors=True)
