#!/usr/bin/env python3
"""Trigger sendtime_predispatch for one campaign send through Airflow's REST API, wait, and exit with its outcome.

    python dags/tools/trigger_predispatch.py --airflow http://127.0.0.1:8080 \\
        --campaign win-back --send-at 2026-11-22T18:00:00Z --send-id nov-22-winback

Authentication (Airflow 3 public API, JWT): --token (or AIRFLOW_TOKEN); else --username/--password (or
AIRFLOW_USERNAME / AIRFLOW_PASSWORD) exchanged at /auth/token; else an anonymous /auth/token (only
with simple_auth_manager_all_admins, for local setups). Prints the export's location (the XCom of
publish_export). Exit codes: 0 the run succeeded, 1 it failed or timed out, 2 usage or API error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
import uuid

import airflow_client.client as airflow
from airflow_client.client.api.dag_run_api import DagRunApi
from airflow_client.client.api.dag_api import DAGApi
from airflow_client.client.api.x_com_api import XComApi
from airflow_client.client.models.dag_patch_body import DAGPatchBody
from airflow_client.client.models.trigger_dag_run_post_body import TriggerDAGRunPostBody

DAG_ID = "sendtime_predispatch"
FINISHED = {"success", "failed"}


def token(base: str, args) -> str:
    if args.token:
        return args.token
    url = base.rstrip("/") + "/auth/token"
    if args.username:
        body = json.dumps({"username": args.username, "password": args.password or ""}).encode()
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    else:
        request = urllib.request.Request(url, method="GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access_token"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Trigger sendtime_predispatch and wait for it.")
    parser.add_argument("--airflow", default=os.environ.get("AIRFLOW_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--campaign", required=True)
    parser.add_argument("--send-at", required=True)
    parser.add_argument("--send-id", required=True)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait (default 3600)")
    parser.add_argument("--poll", type=float, default=5)
    parser.add_argument("--token", default=os.environ.get("AIRFLOW_TOKEN"))
    parser.add_argument("--username", default=os.environ.get("AIRFLOW_USERNAME"))
    parser.add_argument("--password", default=os.environ.get("AIRFLOW_PASSWORD"))
    args = parser.parse_args(argv)

    try:
        configuration = airflow.Configuration(host=args.airflow.rstrip("/"), access_token=token(args.airflow, args))
        with airflow.ApiClient(configuration) as client:
            DAGApi(client).patch_dag(DAG_ID, DAGPatchBody(is_paused=False))
            runs = DagRunApi(client)
            run_id = f"send__{args.campaign}__{args.send_id}__{uuid.uuid4().hex[:8]}"
            runs.trigger_dag_run(DAG_ID, TriggerDAGRunPostBody(
                dag_run_id=run_id, logical_date=None,
                conf={"campaign_id": args.campaign, "send_at": args.send_at, "send_id": args.send_id}))
            print(f"triggered {DAG_ID} run {run_id}", flush=True)
            deadline = time.monotonic() + args.timeout
            state = None
            while time.monotonic() < deadline:
                state = str(runs.get_dag_run(DAG_ID, run_id).state.value)
                if state in FINISHED:
                    break
                time.sleep(args.poll)
            if state != "success":
                print(f"sendtime_predispatch run {run_id} ended {state or 'unknown'}"
                      + ("" if state in FINISHED else f" (still running after {args.timeout:.0f} s)"), file=sys.stderr)
                return 1
            entry = XComApi(client).get_xcom_entry(DAG_ID, "publish_export", run_id, "return_value")
            export = entry.actual_instance.value
            if isinstance(export, str) and export.startswith('"'):
                export = json.loads(export)
            print(f"export: {export}")
            return 0
    except airflow.ApiException as e:
        print(f"trigger_predispatch: Airflow API error {e.status}: {e.reason}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"trigger_predispatch: cannot reach Airflow at {args.airflow}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
