"""An hourly run whose commerce extract fails beyond its retries is not lost: `airflow dags test
sendtime_incremental` for three consecutive hours against the real sample APIs, the middle one with the
commerce source down; the next hour's run reads the failed hour too (catchup is off), each record once."""
from __future__ import annotations

from conftest import WORK, SampleApis, airflow, free_port, lake_verify, sendtime, write_config

VAR = WORK / "var-lost-interval"
# the sample commerce data of 2024-01-01 is all in the hour 12:00-13:00 UTC, one record of each entity: the
# hour before it (empty) runs, the hour itself fails on the commerce source, the hour after reads both
HOURS = ["2024-01-01T12:00:00+00:00", "2024-01-01T13:00:00+00:00", "2024-01-01T14:00:00+00:00"]


def test_an_hour_that_failed_for_good_is_read_by_the_next_one(airflow_db):
    port, down_port = free_port(), free_port()
    apis = SampleApis(port).start()
    try:
        up = {"AIRFLOW_VAR_SENDTIME_VAR": str(VAR),
              "AIRFLOW_VAR_SENDTIME_CONFIG": str(write_config(WORK / "lost-up.yaml", port))}
        down = {"AIRFLOW_VAR_SENDTIME_VAR": str(VAR), "AIRFLOW_VAR_SENDTIME_CONFIG": str(
            write_config(WORK / "lost-down.yaml", port, commerce_port=down_port))}

        # given the hour 11-12 runs (its extracts, transform and load succeed; the warehouse is still empty, so
        # only the row-count check fails), then the hour 12-13 fails on the commerce source beyond its retries
        first = airflow("dags", "test", "sendtime_incremental", HOURS[0], check=False, env=up)
        assert "quality check failed: row counts" in first.stdout + first.stderr
        failed = airflow("dags", "test", "sendtime_incremental", HOURS[1], check=False, env=down)
        assert failed.returncode != 0 and "DagRun failed" in failed.stdout + failed.stderr
        assert lake_verify(VAR).get("commerce/orders", (0, 0))[0] == 0, "nothing of the failed hour yet"

        # when the hour 13-14 runs with the source back (nobody reruns 12-13: catchup is off)
        airflow("dags", "test", "sendtime_incremental", HOURS[2], env=up)

        # then the raw lake holds the failed hour's commerce records, each once, and the warehouse has them
        lake = lake_verify(VAR)
        for entity in ("customers", "orders", "products", "checkouts", "storefront_events"):
            assert lake[f"commerce/{entity}"] == (1, 0), (entity, lake)
        orders = sendtime("sql", "--format", "csv", "SELECT count(*) AS n FROM orders",
                          env={"SENDTIME_VAR": str(VAR)}).stdout
        assert orders.splitlines()[-1].strip() == "1", orders
    finally:
        apis.stop()
