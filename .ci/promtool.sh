#!/usr/bin/env bash
# Makes promtool (Prometheus's rule checker and rule unit tester) available without starting any service:
# downloads Debian's prometheus package and unpacks it (dpkg -x, no install, no daemon, no systemd unit) into
# ~/.cache/sendtime/prometheus, once. Prints promtool's path on stdout. A promtool already on the PATH is
# used as is. SENDTIME_PROMETHEUS_DIR overrides where the package is unpacked.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  command -v promtool
  exit 0
fi
DIR="${SENDTIME_PROMETHEUS_DIR:-$HOME/.cache/sendtime/prometheus}"
PROMTOOL="$DIR/usr/bin/promtool"
if [[ -x "$PROMTOOL" ]]; then
  echo "$PROMTOOL"
  exit 0
fi

echo "promtool: unpacking Debian's prometheus package into $DIR ..." >&2
mkdir -p "$DIR"
DOWNLOAD="$(mktemp -d)"
trap 'rm -rf "$DOWNLOAD"' EXIT
cd "$DOWNLOAD"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get download -qq prometheus >&2 2>/dev/null; then
  apt-get update -qq >&2
  apt-get download -qq prometheus >&2
fi
# extracted into a staging directory and moved in whole, so an interrupted unpack never leaves a half promtool
dpkg -x prometheus_*.deb "$DOWNLOAD/root"
rm -rf "$DIR.tmp" && mv "$DOWNLOAD/root" "$DIR.tmp"
rm -rf "$DIR" && mv "$DIR.tmp" "$DIR"
"$PROMTOOL" --version >/dev/null
echo "$PROMTOOL"
