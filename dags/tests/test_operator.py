"""The operator fails with the CLI's own message, and hands the export path to XCom."""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from unittest import mock

import pytest

import conftest  # noqa: F401  (Airflow's env)


def fake_cli(tmp_path: Path, script: str) -> Path:
    launcher = tmp_path / "sendtime"
    launcher.write_text("#!/usr/bin/env bash\n" + script)
    launcher.chmod(launcher.stat().st_mode | stat.S_IEXEC)
    return tmp_path


def operator(tmp_path, arguments):
    from sendtime_airflow import SendtimeOperator

    return SendtimeOperator(task_id="t", arguments=arguments)


def test_a_failing_command_fails_the_task_with_the_cli_message(tmp_path):
    from airflow.exceptions import AirflowException

    home = fake_cli(tmp_path, 'echo "working"; echo "sendtime: the commerce API is down: retry later" >&2; exit 1\n')
    with mock.patch.dict(os.environ, {"AIRFLOW_VAR_SENDTIME_HOME": str(home)}):
        with pytest.raises(AirflowException, match="^sendtime: the commerce API is down: retry later$"):
            operator(tmp_path, ["run", "load"]).execute({})


def test_the_export_path_is_returned_and_secrets_come_from_connections(tmp_path):
    home = fake_cli(tmp_path, 'echo "render done"; echo "token=$SENDTIME_COMMERCE_TOKEN" > "$(dirname "$0")/env.txt";'
                              ' echo "export: /lake/exports/x/1"\n')
    with mock.patch.dict(os.environ, {"AIRFLOW_VAR_SENDTIME_HOME": str(home)}):
        assert operator(tmp_path, ["run", "render"]).execute({}) == "/lake/exports/x/1"
    assert (home / "env.txt").read_text().strip() == f"token={conftest.COMMERCE_TOKEN}"


def test_a_task_timeout_stops_the_cli_instead_of_waiting_for_it(tmp_path):
    from airflow.sdk.exceptions import AirflowTaskTimeout
    from airflow.sdk.execution_time.timeout import timeout

    # given a command that hangs after its first line
    home = fake_cli(tmp_path, 'echo "extracting"; exec sleep 60\n')
    started = time.monotonic()
    # when the task's execution_timeout (what the task runner wraps execute in) runs out
    with mock.patch.dict(os.environ, {"AIRFLOW_VAR_SENDTIME_HOME": str(home)}):
        with pytest.raises(AirflowTaskTimeout):
            with timeout(2):
                operator(tmp_path, ["run", "extract"]).execute({})
    # then the task fails at the timeout, not when the command would have ended
    assert time.monotonic() - started < 20, "the operator waited for the command to finish"
