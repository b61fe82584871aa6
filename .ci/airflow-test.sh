#!/usr/bin/env bash
# The DAG tests in a real Airflow: installs or reuses the virtualenv, then runs pytest on dags/tests (or on the
# test files or node ids given).
# Needs the sendtime jar (./sendtime builds it when missing or stale).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$("$ROOT/.ci/airflow-venv.sh")"
cd "$ROOT"
case " $* " in *" dags/"*) ;; *) set -- dags/tests "$@" ;; esac
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
