#!/usr/bin/env bash
# Creates (or reuses) the Python virtualenv with Apache Airflow for the DAG tests, from PyPI:
# dags/requirements.txt pinned by dags/constraints.txt (a pip freeze of a working install; Airflow's own
# constraint files live on GitHub, which this machine cannot reach). Prints the venv's path.
# SENDTIME_AIRFLOW_VENV overrides where it lives (default ~/.cache/sendtime/airflow-venv).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SENDTIME_AIRFLOW_VENV:-$HOME/.cache/sendtime/airflow-venv}"
STAMP="$VENV/.sendtime-stamp"
WANT="$(cat "$ROOT/dags/requirements.txt" "$ROOT/dags/constraints.txt" | sha256sum | cut -c1-16)"
if [[ -x "$VENV/bin/airflow" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
  echo "$VENV"
  exit 0
fi
echo "airflow-venv: installing Apache Airflow into $VENV (about a minute) ..." >&2
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/dags/requirements.txt" -c "$ROOT/dags/constraints.txt" >&2
echo "$WANT" > "$STAMP"
echo "$VENV"
