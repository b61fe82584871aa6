"""Shared pieces of the sendtime DAGs: an operator and a sensor that run the sendtime CLI.

Nothing here reads Variables or Connections when a DAG file is imported: settings are resolved when
a task runs. Deployment (Variables, Connections, pool) is described in docs/airflow.md.

Variables:
  sendtime_home     directory holding the `sendtime` launcher (or a directory with sendtime.jar)
  sendtime_config   optional YAML file passed as SENDTIME_CONFIG (same keys as application.yaml)
  sendtime_var      optional runtime directory (SENDTIME_VAR: lake, job repository, warehouse)
Connections (password = the secret; never in DAG files):
  sendtime_crm       -> SENDTIME_CRM_TOKEN
  sendtime_commerce  -> SENDTIME_COMMERCE_TOKEN
  sendtime_<source>  -> the variable a configured source's auth names (token-env; oauth2: login = client id
                        -> client-id-env, password = client secret -> client-secret-env)
  sendtime_privacy   -> SENDTIME_PRIVACY_KEY (customer keys and the privacy lists are keyed with it)
Sources: the presets (crm, commerce) and every source the configuration adds get an extract task each. The DAG
files read the source names when they are parsed from SENDTIME_CONFIG in the environment of the
dag-processor (the same YAML file or configuration directory as the Variable sendtime_config; YAML only,
no JVM).
Pool:
  sendtime_duckdb    1 slot: DuckDB lets one process write the warehouse (load, render)

The DAG files import this module by name: Airflow puts the DAGs folder on sys.path when it parses
or runs them, so it must sit at the top of that folder, next to them.
"""
from __future__ import annotations

import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

from airflow.exceptions import AirflowException
from airflow.sdk import BaseOperator, BaseSensorOperator

DUCKDB_POOL = "sendtime_duckdb"
NOT_FRESH = 3  # exit code of `sendtime inspect freshness --max-age/--campaign` when older

# Retries with exponential backoff; SENDTIME_DAG_RETRIES / SENDTIME_DAG_RETRY_DELAY (seconds) in the
# environment of the scheduler and workers override them (the tests run with 0).
DEFAULT_ARGS = {
    "owner": "sendtime",
    "retries": int(os.environ.get("SENDTIME_DAG_RETRIES", "2")),
    "retry_delay": timedelta(seconds=int(os.environ.get("SENDTIME_DAG_RETRY_DELAY", "60"))),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=15),
}


def dagrun_timeout(env_name: str, default: timedelta) -> timedelta:
    """A DAG's dagrun_timeout: `default`, or `env_name` (seconds) from the environment, like the retries.

    Past it the scheduler fails the run and stops its running task; a rerun resumes what was cut off.
    """
    seconds = os.environ.get(env_name)
    return timedelta(seconds=int(seconds)) if seconds else default


_CONNECTION_ENV = {"sendtime_crm": "SENDTIME_CRM_TOKEN", "sendtime_commerce": "SENDTIME_COMMERCE_TOKEN",
                   "sendtime_privacy": "SENDTIME_PRIVACY_KEY"}


def _variable(name: str, default: str | None = None) -> str | None:
    from airflow.sdk import Variable

    try:
        return Variable.get(name)
    except Exception:  # noqa: BLE001 - a missing Variable is the default
        return default


def _connection(conn_id: str):
    from airflow.sdk import Connection

    try:
        return Connection.get(conn_id)
    except Exception:  # noqa: BLE001 - a missing Connection leaves the variables unset
        return None


def _connection_password(conn_id: str) -> str | None:
    connection = _connection(conn_id)
    return connection.password if connection is not None else None


def sendtime_command() -> list[str]:
    home = _variable("sendtime_home") or os.environ.get("SENDTIME_HOME")
    if not home:
        raise AirflowException("set the Airflow Variable sendtime_home to the directory of the sendtime launcher")
    launcher = Path(home) / "sendtime"
    if launcher.exists():
        return [str(launcher)]
    jar = Path(home) / "sendtime.jar"
    if jar.exists():
        return ["java", "-jar", str(jar)]
    raise AirflowException(f"no sendtime launcher or sendtime.jar in {home} (Variable sendtime_home)")


PRESET_SOURCES = ("crm", "commerce")


def _config_documents(config: str | None) -> list[dict]:
    """The YAML documents of a sendtime configuration: a file, or a directory's *.yaml files in name order."""
    import yaml

    if not config:
        return []
    path = Path(config)
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")) if path.is_dir() else [path]
    documents = []
    for file in files:
        try:
            documents.append(yaml.safe_load(file.read_text()) or {})
        except (OSError, yaml.YAMLError) as e:
            raise AirflowException(f"cannot read the sendtime configuration {file}: {e}") from e
    return documents


def _configured(config: str | None) -> dict[str, dict]:
    """Per source the configuration adds or changes: its settings as written (merged over the files)."""
    sources: dict[str, dict] = {}
    for document in _config_documents(config):
        if not isinstance(document, dict) or not isinstance(document.get("sendtime") or {}, dict):
            raise AirflowException(f"the sendtime configuration {config} is not a YAML mapping under 'sendtime:'")
        for name, settings in (((document.get("sendtime") or {}).get("sources")) or {}).items():
            key = str(name).strip("[]")
            sources.setdefault(key, {}).update(settings or {})
    return sources


def configured_sources() -> list[str]:
    """The sources to extract: the presets, then those the configuration adds (SENDTIME_CONFIG in the
    environment when the DAG file is parsed). A name becomes a task id, so it is letters, digits, _ and -."""
    names = list(PRESET_SOURCES)
    for name in _configured(os.environ.get("SENDTIME_CONFIG")):
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
            raise AirflowException(f"source name '{name}' in SENDTIME_CONFIG: use letters, digits, _ and -")
        if name not in names:
            names.append(name)
    return names


def _preset_auth(preset: str | None) -> dict:
    """The auth block of a shipped source preset (sendtime.presets.<preset> in the checkout's sources.yaml)."""
    if not preset:
        return {}
    shipped = Path(__file__).resolve().parent.parent / "pipelines" / "src" / "main" / "resources" / "config" / "sources.yaml"
    try:
        import yaml
        document = yaml.safe_load(shipped.read_text(encoding="utf-8")) or {}
    except (OSError, ImportError):
        return {}
    return (((document.get("sendtime") or {}).get("presets") or {}).get(preset) or {}).get("auth") or {}


def _source_secrets(config: str | None) -> dict[str, tuple[str, str]]:
    """Per Connection id: the variables a configured source's auth names, (for the login, for the password); a
    source made from a preset that leaves its token's variable to the preset uses the preset's."""
    secrets: dict[str, tuple[str, str]] = {}
    for name, settings in _configured(config).items():
        auth = {**_preset_auth((settings or {}).get("preset")), **((settings or {}).get("auth") or {})}
        if auth.get("token-env"):
            secrets[f"sendtime_{name}"] = ("", auth["token-env"])
        elif auth.get("client-secret-env"):
            secrets[f"sendtime_{name}"] = (auth.get("client-id-env", ""), auth["client-secret-env"])
    return secrets


def sendtime_env() -> dict[str, str]:
    env = dict(os.environ)
    for variable, name in (("sendtime_config", "SENDTIME_CONFIG"), ("sendtime_var", "SENDTIME_VAR")):
        value = _variable(variable)
        if value:
            env[name] = value
    for conn_id, name in _CONNECTION_ENV.items():
        password = _connection_password(conn_id)
        if password:
            env[name] = password
    for conn_id, (login_env, password_env) in _source_secrets(env.get("SENDTIME_CONFIG")).items():
        connection = _connection(conn_id)
        if connection is not None and connection.password:
            env[password_env] = connection.password
        if connection is not None and login_env and connection.login:
            env[login_env] = connection.login
    return env


def run_sendtime(arguments: list[str], log) -> tuple[int, list[str]]:
    """Runs the CLI, copying its output (stdout and stderr, in order) to the task log as it comes."""
    command = sendtime_command() + arguments
    log.info("running: sendtime %s", " ".join(arguments))
    lines: list[str] = []
    with subprocess.Popen(command, env=sendtime_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1) as process:
        try:
            for line in process.stdout:
                line = line.rstrip("\n")
                lines.append(line)
                log.info("%s", line)
        except BaseException:
            # the task's execution_timeout is raised here: stop the CLI, or leaving the `with` waits for it to end
            process.terminate()
            raise
    return process.returncode, lines


def _failure(returncode: int, lines: list[str]) -> str:
    """The CLI's own one-line error: its last `sendtime: ...` line."""
    errors = [l for l in lines if l.startswith("sendtime:")]
    return errors[-1] if errors else f"sendtime exited with {returncode}"


class SendtimeOperator(BaseOperator):
    """Runs `sendtime <arguments>`; fails with the CLI's own one-line message on a non-zero exit.

    Returns the export path (last `export: ...` line) when there is one, so it lands in XCom.
    """

    template_fields = ("arguments",)
    ui_color = "#e8f4ea"

    def __init__(self, *, arguments: list[str], **kwargs):
        super().__init__(**kwargs)
        self.arguments = arguments

    def execute(self, context):
        returncode, lines = run_sendtime(list(self.arguments), self.log)
        if returncode != 0:
            raise AirflowException(_failure(returncode, lines))
        exports = [l[len("export: "):] for l in lines if l.startswith("export: ")]
        return exports[-1] if exports else None


class SendtimeFreshnessSensor(BaseSensorOperator):
    """Waits until the newest profile snapshot is fresh enough for a campaign (its freshness_limit)."""

    template_fields = ("campaign_id",)

    def __init__(self, *, campaign_id: str, **kwargs):
        super().__init__(**kwargs)
        self.campaign_id = campaign_id

    def poke(self, context) -> bool:
        returncode, lines = run_sendtime(["inspect", "freshness", "--campaign", self.campaign_id], self.log)
        if returncode == 0:
            return True
        if returncode == NOT_FRESH:
            return False
        raise AirflowException(_failure(returncode, lines))


# An extract that finds another extract of the same source running (the weekly full refresh and an hourly run
# start at the same minute) waits for it instead of failing: they take turns (docs/airflow.md).
EXTRACT_WAIT = ["--wait", "30m"]


def interval_arguments() -> list[str]:
    """--from/--to from the run's data interval: retries, clears and backfills extract exactly it."""
    return ["--from", "{{ data_interval_start | ts }}", "--to", "{{ data_interval_end | ts }}"]


__all__ = ["DEFAULT_ARGS", "DUCKDB_POOL", "EXTRACT_WAIT", "SendtimeOperator", "SendtimeFreshnessSensor",
           "configured_sources", "dagrun_timeout", "interval_arguments"]
