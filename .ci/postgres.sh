#!/usr/bin/env bash
# Makes a PostgreSQL server from Debian's packages available on loopback for the job-repository
# tests: installs it when missing, starts the cluster when it is down, creates the test database.
# Prints the JDBC URL on stdout. Stop it again with: .ci/postgres.sh stop
set -euo pipefail

DB=sendtime_test
USER_NAME=sendtime
PASSWORD=sendtime-test-only
STATE=/tmp/sendtime-postgres-started-by-tests

cluster() { pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1, $2, $3, $4}'; }

if [[ "${1:-}" == "stop" ]]; then
  if [[ -f "$STATE" ]]; then
    read -r version name < "$STATE"
    pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
    rm -f "$STATE"
  fi
  exit 0
fi

if ! command -v pg_lsclusters >/dev/null 2>&1 || [[ -z "$(cluster)" ]]; then
  echo "postgres: installing Debian's postgresql package ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

read -r version name port status <<<"$(cluster)"
if [[ "$status" != online* ]]; then
  # loopback only: the tests never need it anywhere else
  pg_ctlcluster "$version" "$name" start -- -o "-c listen_addresses=127.0.0.1" >&2 \
    || pg_ctlcluster "$version" "$name" start >&2
  echo "$version $name" > "$STATE"
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done

runuser -u postgres -- psql -q -p "$port" -d postgres -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$USER_NAME') THEN
    CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB OWNER $USER_NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB')\gexec
SQL

echo "jdbc:postgresql://127.0.0.1:$port/$DB"
