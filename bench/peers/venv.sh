#!/usr/bin/env bash
# Creates (or reuses) the Python virtualenv of one benchmark peer, from PyPI: bench/peers/<peer>/requirements.txt
# (pinned). Prints the venv's path on stdout; progress goes to stderr. Used by `./sendtime bench ... --peer <peer>`.
# SENDTIME_PEER_VENVS overrides where the venvs live (default ~/.cache/sendtime/peers).
set -euo pipefail
PEER="${1:?usage: bench/peers/venv.sh <peer>}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REQ="$ROOT/bench/peers/$PEER/requirements.txt"
[[ -f "$REQ" ]] || { echo "venv.sh: no peer '$PEER' (expected $REQ)" >&2; exit 2; }
VENV="${SENDTIME_PEER_VENVS:-$HOME/.cache/sendtime/peers}/$PEER"
STAMP="$VENV/.sendtime-stamp"
WANT="$(sha256sum "$REQ" | cut -c1-16)"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
  echo "$VENV"
  exit 0
fi
echo "bench: installing the $PEER peer into $VENV from PyPI (about a minute) ..." >&2
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQ" >&2
echo "$WANT" > "$STAMP"
echo "$VENV"
