"""The dlt peer of `./sendtime bench extract --peer dlt`.

Reads the sample commerce API (Shopify Admin REST 2024-10 shape, served by io.sendtime.samples.SampleApis on
loopback) with dlt's REST API source into Parquet files on the local disk (filesystem destination), the same
records sendtime's `commerce` source reads: customers, orders, products, checkouts and storefront_events.

Configured the way a dlt user would configure it for this API, with the same page size as sendtime's preset:
  - token in the X-Shopify-Access-Token header (dlt's api_key auth, location header);
  - pagination by the Link header's rel="next" URL (dlt's header_link paginator; dlt drops the first
    request's query parameters when it follows the URL, as Shopify requires);
  - dlt's incremental loading on the cursor field with start/end parameters (updated_at_min/updated_at_max,
    created_at_min/created_at_max for storefront events), from the epoch to the same end as sendtime's run;
  - loader_file_format parquet, resources extracted in parallel (sendtime extracts 2 entities at once).

Usage (the benchmark runs it): python pipeline.py --base-url URL --out DIR --to ISO_INSTANT [--page-size 250]
with the token in SENDTIME_COMMERCE_TOKEN. Prints one JSON line with the row counts of each table.

Where the comparison may still flatter one side (see also io.sendtime.bench.DltPeerBenchmark):
  - dlt normalizes nested lists (order line items, product variants, ...) into child tables, which is its
    normal behaviour and more work than sendtime's nested Avro columns; max_table_nesting=0 would avoid it but
    is not how dlt is normally used, so it is left at its default.
  - dlt compares its cursor values (the API's timestamp strings, with mixed UTC offsets) as strings; for the
    single full run the benchmark makes, every record lies well inside [epoch, end], so this does not change
    what it reads, but sendtime parses every cursor as an instant and checks the window exactly.
  - sendtime also validates every record against its raw schema, quarantines bad ones, and commits a run
    manifest and watermarks; dlt infers a schema and keeps its own load state. Neither side is credited for it.
"""

import argparse
import json
import os
import sys
import time

import dlt
from dlt.sources.rest_api import rest_api_source

ENTITIES = {
    # name: (path, records key, cursor field, min param, max param, extra params)
    "customers": ("admin/api/2024-10/customers.json", "customers", "updated_at", "updated_at_min",
                  "updated_at_max", {}),
    "orders": ("admin/api/2024-10/orders.json", "orders", "updated_at", "updated_at_min", "updated_at_max",
               {"status": "any"}),
    "products": ("admin/api/2024-10/products.json", "products", "updated_at", "updated_at_min", "updated_at_max",
                 {}),
    "checkouts": ("admin/api/2024-10/checkouts.json", "checkouts", "updated_at", "updated_at_min",
                  "updated_at_max", {}),
    "storefront_events": ("sample-feed/storefront_events.json", "storefront_events", "created_at",
                          "created_at_min", "created_at_max", {}),
}


def source(base_url, token, to, page_size):
    resources = []
    for name, (path, records, cursor, min_param, max_param, params) in ENTITIES.items():
        resources.append({
            "name": name,
            "endpoint": {
                "path": path,
                "data_selector": records,
                "params": {"limit": page_size, **params},
                "incremental": {
                    "cursor_path": cursor,
                    "start_param": min_param,
                    "end_param": max_param,
                    "initial_value": "1970-01-01T00:00:00Z",
                    "end_value": to,
                },
            },
        })
    return rest_api_source({
        "client": {
            "base_url": base_url.rstrip("/") + "/",
            "auth": {"type": "api_key", "name": "X-Shopify-Access-Token", "api_key": token, "location": "header"},
            "paginator": {"type": "header_link"},
        },
        "resource_defaults": {
            "primary_key": "id",
            "write_disposition": "append",
            "parallelized": True,
        },
        "resources": resources,
    })


def main():
    parser = argparse.ArgumentParser(description="dlt peer of sendtime's extract benchmark.")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", required=True, help="directory the Parquet files (and dlt's own state) go to")
    parser.add_argument("--to", required=True, help="end of the window, ISO-8601 (the same as sendtime's run)")
    parser.add_argument("--page-size", type=int, default=250)
    args = parser.parse_args()
    token = os.environ.get("SENDTIME_COMMERCE_TOKEN")
    if not token:
        print("dlt peer: SENDTIME_COMMERCE_TOKEN is not set", file=sys.stderr)
        return 2
    out = os.path.abspath(args.out)
    pipeline = dlt.pipeline(
        pipeline_name="sendtime_bench_commerce",
        pipelines_dir=os.path.join(out, "pipelines"),  # a fresh working dir: every benchmark run is a first run
        destination=dlt.destinations.filesystem(bucket_url="file://" + os.path.join(out, "lake")),
        dataset_name="commerce",
        progress=None,
    )
    started = time.monotonic()
    pipeline.run(source(args.base_url, token, args.to, args.page_size), loader_file_format="parquet")
    took = time.monotonic() - started
    counts = pipeline.last_trace.last_normalize_info.row_counts
    print(json.dumps({"seconds": took, "row_counts": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
