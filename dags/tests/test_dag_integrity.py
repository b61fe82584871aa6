"""Every DAG imports cleanly and follows the house rules; no Variable or Connection is read at import."""
from __future__ import annotations

import functools
import os
import re
import time
from datetime import timedelta
from unittest import mock

import pytest

from conftest import DAGS, airflow

DAG_IDS = {"sendtime_incremental", "sendtime_full_refresh", "sendtime_predispatch"}
DUCKDB_WRITERS = {"load", "load_full_rebuild", "render", "lake_housekeeping"}
RUN_TIMEOUT_ENV = {"sendtime_incremental": "SENDTIME_INCREMENTAL_RUN_TIMEOUT",
                   "sendtime_full_refresh": "SENDTIME_FULL_REFRESH_RUN_TIMEOUT",
                   "sendtime_predispatch": "SENDTIME_PREDISPATCH_RUN_TIMEOUT"}


def load_dags():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


@pytest.fixture(scope="module")
def dagbag():
    with mock.patch("airflow.sdk.Variable.get", side_effect=AssertionError("Variable read at import")), \
            mock.patch("airflow.sdk.Connection.get", side_effect=AssertionError("Connection read at import")):
        started = time.monotonic()
        bag = load_dags()
        took = time.monotonic() - started
    assert took < 10, f"importing the DAG files took {took:.1f} s"
    return bag


def has_cycle(dag) -> bool:
    """Depth-first search over upstream edges (DagBag refuses cyclic DAGs too; this checks ours directly)."""
    state: dict[str, int] = {}

    def visit(task_id: str) -> bool:
        if state.get(task_id) == 1:
            return True
        if state.get(task_id) == 2:
            return False
        state[task_id] = 1
        if any(visit(u) for u in dag.get_task(task_id).upstream_task_ids):
            return True
        state[task_id] = 2
        return False

    return any(visit(t.task_id) for t in dag.tasks)


def slowest_chain(dag) -> timedelta:
    """How long the DAG's longest path takes if each task runs once to its own timeout (a sensor's: its
    poking timeout; a task without one counts as instant)."""
    from airflow.sdk import BaseSensorOperator

    def own(task) -> timedelta:
        if task.execution_timeout:
            return task.execution_timeout
        return timedelta(seconds=task.timeout) if isinstance(task, BaseSensorOperator) else timedelta(0)

    @functools.cache
    def done_after(task_id: str) -> timedelta:
        task = dag.get_task(task_id)
        return own(task) + max((done_after(u) for u in task.upstream_task_ids), default=timedelta(0))

    return max(done_after(t.task_id) for t in dag.tasks)


def test_every_dag_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == DAG_IDS


def test_dags_have_owners_retries_tags_docs_and_no_cycles(dagbag):
    for dag_id in DAG_IDS:
        dag = dagbag.dags.get(dag_id)
        assert not has_cycle(dag), dag_id
        assert dag.tags and "sendtime" in dag.tags, dag_id
        assert dag.doc_md and dag_id in dag.doc_md, dag_id
        for t in dag.tasks:
            assert t.owner == "sendtime", (dag_id, t.task_id)
            if t.task_id not in {"quality_checks", "validate_templates", "wait_for_fresh_profiles"}:
                # the tests run with SENDTIME_DAG_RETRIES=0; a deployment gets the default of 2
                assert t.retries == int(os.environ["SENDTIME_DAG_RETRIES"]), (dag_id, t.task_id)
                assert t.retry_exponential_backoff, (dag_id, t.task_id)
            if t.task_id in DUCKDB_WRITERS:
                assert t.pool == "sendtime_duckdb", (dag_id, t.task_id)
            if t.task_id != "publish_export":
                assert t.execution_timeout is not None or t.task_id == "wait_for_fresh_profiles", (dag_id, t.task_id)


def test_every_dag_has_a_run_timeout_longer_than_its_slowest_chain_of_tasks(dagbag):
    for dag_id in DAG_IDS:
        dag = dagbag.dags.get(dag_id)
        assert dag.dagrun_timeout is not None, f"{dag_id} has no dagrun_timeout: a stuck run would hold its slot forever"
        assert dag.dagrun_timeout > slowest_chain(dag), \
            f"{dag_id}: dagrun_timeout {dag.dagrun_timeout} would cut off a run whose tasks are all within their own timeouts ({slowest_chain(dag)})"


def test_run_timeouts_are_overridden_from_the_environment():
    # given each DAG's override in the environment (seconds), like SENDTIME_DAG_RETRIES
    overrides = {env: str(3600 + i * 60) for i, env in enumerate(RUN_TIMEOUT_ENV.values())}
    # when the DAG files are parsed
    with mock.patch.dict(os.environ, overrides):
        bag = load_dags()
    # then every DAG takes its own
    for dag_id, env in RUN_TIMEOUT_ENV.items():
        assert bag.dags[dag_id].dagrun_timeout == timedelta(seconds=int(overrides[env])), dag_id


def test_only_the_test_setup_touches_the_import_path():
    """Airflow puts the DAGs folder on the import path itself; a DAG file that does it too hides a deployment
    where sendtime_airflow.py is not in that folder. Only pytest needs telling: tests/conftest.py."""
    touching = {p.relative_to(DAGS).as_posix() for p in DAGS.rglob("*.py")
                if re.search(r"sys\.path\s*(\.\s*(insert|append|extend)\b|\+?=|\[)", p.read_text())}
    assert touching == {"tests/conftest.py"}


def test_incremental_passes_the_data_interval_and_orders_the_tasks(dagbag):
    dag = dagbag.dags.get("sendtime_incremental")
    extract = dag.get_task("extract_crm")
    assert "{{ data_interval_start | ts }}" in extract.arguments and "{{ data_interval_end | ts }}" in extract.arguments
    assert dag.get_task("transform").upstream_task_ids == {"extract_crm", "extract_commerce"}
    assert dag.get_task("quality_checks").upstream_task_ids == {"load"}
    predispatch = dagbag.dags.get("sendtime_predispatch")
    assert predispatch.schedule is None or str(predispatch.timetable.summary) in {"None", "Never"}
    assert predispatch.get_task("publish_export").upstream_task_ids == {"render"}


def test_the_dag_processor_sees_them(airflow_db):
    # --bundle-name: parse as the dag-processor and the task runner do, with the DAGs folder on the import path
    # (a bare `dags list --local` leaves it off and reports "No module named 'sendtime_airflow'")
    listed = airflow("dags", "list", "-o", "json", "--local", "--bundle-name", "dags-folder").stdout
    for dag_id in DAG_IDS:
        assert dag_id in listed


def test_a_source_the_configuration_adds_gets_its_extract_tasks_and_its_connection(tmp_path, monkeypatch):
    # given a configuration directory that adds a source (as SENDTIME_CONFIG in the dag-processor's environment)
    config = tmp_path / "config"
    config.mkdir()
    (config / "helpdesk.yaml").write_text("""
sendtime:
  sources:
    helpdesk:
      base-url: http://127.0.0.1:9
      auth: {type: bearer, token-env: SENDTIME_HELPDESK_TOKEN}
    secondshop:
      preset: shopify
      base-url: https://second.example
""")
    monkeypatch.setenv("SENDTIME_CONFIG", str(config))

    # when the DAG files are parsed (reading no Variable or Connection, starting no JVM)
    with mock.patch("airflow.sdk.Variable.get", side_effect=AssertionError("Variable read at import")), \
            mock.patch("airflow.sdk.Connection.get", side_effect=AssertionError("Connection read at import")), \
            mock.patch("subprocess.Popen", side_effect=AssertionError("a process started at import")):
        bag = load_dags()

    # then both extracting DAGs have a task for it, upstream of the transform
    assert not bag.import_errors, bag.import_errors
    hourly = bag.get_dag("sendtime_incremental")
    assert {"extract_crm", "extract_commerce", "extract_helpdesk", "extract_secondshop"} <= set(hourly.task_ids)
    assert "extract_helpdesk" in hourly.get_task("transform").upstream_task_ids
    assert hourly.get_task("extract_helpdesk").arguments[:4] == ["run", "extract", "--source", "helpdesk"]
    full = bag.get_dag("sendtime_full_refresh")
    assert "extract_helpdesk_full" in full.get_task("transform").upstream_task_ids

    # and when a task runs, the Connection sendtime_helpdesk fills the variable its auth names
    import sendtime_airflow

    connections = {"sendtime_helpdesk": mock.Mock(password="helpdesk-secret", login=None),
                   "sendtime_secondshop": mock.Mock(password="shpat-second", login=None)}
    with mock.patch("airflow.sdk.Variable.get", side_effect=lambda name: str(config) if name == "sendtime_config"
                    else (_ for _ in ()).throw(KeyError(name))), \
            mock.patch("airflow.sdk.Connection.get", side_effect=lambda conn_id: connections[conn_id]
                       if conn_id in connections else (_ for _ in ()).throw(KeyError(conn_id))):
        env = sendtime_airflow.sendtime_env()
    assert env["SENDTIME_CONFIG"] == str(config)
    assert env["SENDTIME_HELPDESK_TOKEN"] == "helpdesk-secret"
    # (a source made from a preset takes the variable of its token from the preset: shopify's)
    assert env["SENDTIME_SHOPIFY_TOKEN"] == "shpat-second"
