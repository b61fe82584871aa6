"""A full refresh and an hourly run started together both succeed; nothing changed during the full extract is
missing afterwards. In a running Airflow (`airflow standalone`, the job repository in PostgreSQL),
`sendtime_full_refresh` and an hourly `sendtime_incremental` run are triggered at the same moment against the
sample APIs, which change records every 2 s and let the commerce API answer 2 calls a second (so the full
commerce extract takes a while). The two extracts of each source take turns (the later one waits:
EXTRACT_WAIT), both runs succeed, and after the next hourly run every record version the sources served when
the full extract was over is in the raw lake exactly once."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import duckdb

from conftest import (COMMERCE_TOKEN, CRM_TOKEN, WORK, SampleApis, Standalone, free_port, job_repository,
                      lake_verify, write_config)

VAR = WORK / "var-take-turns"
FULL, HOURLY = "sendtime_full_refresh", "sendtime_incremental"
WAITING = "another extract of the same entities is running; waiting for it"  # ExtractTurns' log line
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# (source, entity, path, cursor field, query parameter of the cursor's lower bound)
FEEDS = [("crm", "contacts", "/crm/v3/objects/contacts", "updatedAt", "lastmodifieddate_gte"),
         ("crm", "subscriptions", "/communication-preferences/v3/subscriptions", "updatedAt", "lastmodifieddate_gte")]
FEEDS += [("commerce", entity, f"/admin/api/2024-10/{entity}.json", "updated_at", "updated_at_min")
          for entity in ("customers", "orders", "products", "checkouts")]
FEEDS += [("commerce", "storefront_events", "/sample-feed/storefront_events.json", "created_at", "created_at_min")]


def test_a_full_refresh_and_an_hourly_run_started_together_both_succeed_and_lose_nothing(airflow_db, postgres):
    since = datetime.now(timezone.utc) - timedelta(hours=1)  # before every version the churn stamps
    port = free_port()
    # a small generated dataset (its full commerce extract is ~60 pages at 2 calls a second after a burst of 40);
    # every 2 s every feed gets new, updated and deleted records and one update stamped 30 minutes back
    apis = SampleApis(port, "--generated", "--customers", "50", "--churn-every", "2s", rate_limit="realistic").start()
    server = None
    try:
        # the lookback covers the churn's 30-minute-late updates; retries wait out the commerce API's 429s
        config = write_config(WORK / "take-turns.yaml", port, lookback="40m", pagination="{page-size: 50}",
                              retry="{max-attempts: 20, initial-backoff: 500ms, max-backoff: 2s}")
        # the job repository in PostgreSQL, as docs/airflow.md requires when tasks run at the same time
        jobrepo = job_repository(postgres, "sendtime_take_turns", VAR)
        server = Standalone(free_port(), {**jobrepo, "AIRFLOW_VAR_SENDTIME_VAR": str(VAR),
                                          "AIRFLOW_VAR_SENDTIME_CONFIG": str(config),
                                          # only the runs the test triggers
                                          "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
                                          # the CLI's output in the task logs
                                          "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
                                          # short-lived JVMs: less CPU to start each task's
                                          "JAVA_OPTS": "-Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}).start()
        for dag_id in (FULL, HOURLY):
            server.wait_for_dag(dag_id)
            server.api("PATCH", f"/dags/{dag_id}", {"is_paused": False})

        # when the weekly full refresh and the hourly run ending now are triggered at the same moment
        before = served_versions(port, since)
        now = datetime.now(timezone.utc).replace(microsecond=0)
        full = trigger(server, FULL, now)
        hourly = trigger(server, HOURLY, now, now - timedelta(hours=1))
        # and once the full extracts are done, the next hour's run (it starts when this hour's run has finished)
        server.wait_for_tasks(FULL, full, ["extract_crm_full", "extract_commerce_full"], timeout=600)
        changed = served_versions(port, since)  # before the next run reads
        later = datetime.now(timezone.utc).replace(microsecond=0)
        following = trigger(server, HOURLY, later, now)
        runs = {(FULL, full), (HOURLY, hourly), (HOURLY, following)}
        states = {run: server.wait_for_run(*run, timeout=600) for run in sorted(runs)}

        # then all three succeed
        assert set(states.values()) == {"success"}, failures(server, runs)

        # and the full and the hourly commerce extract overlapped: one started while the other ran, and waited for it
        full_task = task(server, FULL, full, "extract_commerce_full")
        hourly_task = task(server, HOURLY, hourly, "extract_commerce")
        assert full_task["start"] < hourly_task["end"] and hourly_task["start"] < full_task["end"], (full_task, hourly_task)
        waited = [dag_id for dag_id, run_id, task_id in ((FULL, full, "extract_commerce_full"),
                                                          (HOURLY, hourly, "extract_commerce"))
                  if WAITING in server.task_log(dag_id, run_id, task_id)]
        assert len(waited) == 1, f"exactly one commerce extract must have waited for the other, not {waited}"

        # and every version the sources served when the next run started and still served after it (those changed
        # while the full extract ran, and before) is in the raw lake exactly once since the full extract read it
        after = served_versions(port, since)
        raw = raw_versions()
        during = 0
        for feed in after:
            stable = {(i, at) for i, at in changed[feed] & after[feed] if at < micros(later)}
            counts = raw.get(feed, {})
            missing = sorted(v for v in stable if v not in counts)
            twice = sorted(v for v in stable if counts[v] > 1) if not missing else []
            assert not missing, f"{feed}: {len(missing)} of {len(stable)} versions not in the raw lake: {missing[:5]}"
            assert not twice, f"{feed}: {len(twice)} of {len(stable)} versions written more than once: {twice[:5]}"
            during += len(stable - before[feed])
        assert during > 100, f"only {during} versions changed during the full extract: the test shows little"
        lake_verify(VAR)  # fails on a missing file or a version written twice
    finally:
        if server:
            server.stop()
        apis.stop()


def trigger(server: Standalone, dag_id: str, logical_date: datetime, interval_start: datetime | None = None) -> str:
    """Triggers a run (of the data interval [interval_start, logical_date) when given); its run id."""
    body = {"logical_date": logical_date.isoformat()}
    if interval_start:
        body |= {"data_interval_start": interval_start.isoformat(), "data_interval_end": logical_date.isoformat()}
    return server.api("POST", f"/dags/{dag_id}/dagRuns", body)["dag_run_id"]


def task(server: Standalone, dag_id: str, run_id: str, task_id: str) -> dict:
    found = server.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}")
    return {"start": datetime.fromisoformat(found["start_date"]), "end": datetime.fromisoformat(found["end_date"])}


def failures(server: Standalone, runs: set[tuple[str, str]]) -> str:
    """The tasks of these runs (DAG id, run id) that did not succeed, with the end of their logs."""
    out = []
    for dag_id, run_id in sorted(runs):
        for ti in server.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances")["task_instances"]:
            if ti["state"] != "success":
                out.append(f"{dag_id} {ti['task_id']}: {ti['state']}\n"
                           f"{server.task_log(dag_id, run_id, ti['task_id'])[-2000:]}")
    return "\n".join(out) or "no failed task"


def micros(at: datetime) -> int:
    return (at - EPOCH) // timedelta(microseconds=1)


def served_versions(port: int, since: datetime) -> dict[str, set[tuple[str, int]]]:
    """(id, cursor in microseconds) of every record the sample APIs serve with a cursor from `since` on."""
    versions = {}
    for source, entity, path, cursor, min_param in FEEDS:
        headers = ({"Authorization": f"Bearer {CRM_TOKEN}"} if source == "crm"
                   else {"X-Shopify-Access-Token": COMMERCE_TOKEN})
        url = (f"http://127.0.0.1:{port}{path}?limit=100&{min_param}={since.isoformat().replace('+00:00', 'Z')}"
               + ("&status=any" if entity == "orders" else ""))
        found = set()
        while url:
            body, link = get(url, headers)
            records = body["results"] if source == "crm" else body[entity]
            found |= {(served_key(entity, r), micros(datetime.fromisoformat(r[cursor]))) for r in records
                      if entity != "subscriptions" or r.get("email")}
            url = (body.get("paging", {}).get("next", {}).get("link") if source == "crm"
                   else link.split(";")[0].strip("<>") if link else None)
        versions[f"{source}/{entity}"] = found
    return versions


def served_key(entity: str, record: dict) -> str:
    """A served record's key as the raw lake can name it: HubSpot's subscriptions timeline, which the crm preset
    reads, names a status by its address and subscription type (and lists none of a contact without an address)."""
    return f"{record['email']}:{record['subscriptionId']}" if entity == "subscriptions" else str(record["id"])


RAW_KEY = {"crm/subscriptions": "email || ':' || subscription_id"}


def get(url: str, headers: dict) -> tuple[dict, str | None]:
    """One page, waiting out the commerce API's rate limit; its JSON body and Link header."""
    for _ in range(60):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
                return json.load(response), response.headers.get("Link")
        except urllib.error.HTTPError as e:
            if e.code != 429:
                raise
            time.sleep(float(e.headers.get("Retry-After", "1")))
    raise AssertionError(f"the sample API kept answering 429 to {url}")


def raw_versions() -> dict[str, dict[tuple[str, int], int]]:
    """Per source entity, how often the raw lake holds each (id, cursor in microseconds): in the files the
    committed extract runs list; of the runs before one that read the entity from the beginning, only the versions
    at or above that read's upper bound."""
    files: dict[str, list[tuple[str, int]]] = {}
    manifests = [json.loads(p.read_text()) for p in (VAR / "lake" / "raw" / "_manifests").glob("*/*.json")]
    for m in sorted(manifests, key=lambda m: (datetime.fromisoformat(m["committedAt"]), m["runId"])):
        for entity, listed in m["entities"].items():
            feed = f"{m['source']}/{entity}"
            if not listed.get("from") or datetime.fromisoformat(listed["from"]) <= EPOCH:
                # a read from the beginning re-reads every version below its upper bound on purpose; what a run
                # that went first read at or above it is kept (lake verify counts the same way)
                upper = micros(datetime.fromisoformat(listed["to"]))
                files[feed] = [(path, max(above, upper)) for path, above in files.get(feed, [])]
            files.setdefault(feed, []).extend((str(VAR / "lake" / f), 0) for f in listed["files"])
    counts = {}
    for feed, paths in files.items():
        key = RAW_KEY.get(feed, "CAST(id AS VARCHAR)")
        rows = duckdb.sql("SELECT key, epoch_us(_source_updated_at), count(*) FROM ("
                          + " UNION ALL ".join(f"SELECT {key} AS key, _source_updated_at FROM read_parquet('{path}') "
                                               f"WHERE epoch_us(_source_updated_at) >= {above}"
                                               for path, above in paths)
                          + ") GROUP BY ALL").fetchall() if paths else []
        counts[feed] = {(i, at): n for i, at, n in rows}
    return counts
