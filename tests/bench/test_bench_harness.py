"""`make bench` end to end at a tiny scale, so the harness cannot rot.

It needs PostgreSQL (a scratch database is created beside the test database and dropped again)
and starts a real gunicorn; on SQLite it is skipped.
"""

import json
import numbers
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATENCY = {
    "bare_view",
    "list_supervisor_status",
    "list_supervisor_range",
    "list_supervisor_exploitation",
    "list_supervisor_children",
    "list_commune_own",
    "list_commune_status",
    "list_api_supervisor_status",
    "search_name",
    "search_number",
    "detail_page_supervisor",
    "detail_page_commune",
    "detail_api_supervisor",
    "duplicate_check",
}
# A case's ledger (page and API), shelters' occupancy, a facility's page, an agency's spending.
SUPPORT = {"ledger_page", "ledger_api", "occupancy_page", "facility_page", "spending_page"}
LISTS = {
    "list_supervisor_status",
    "list_supervisor_range",
    "list_supervisor_exploitation",
    "list_supervisor_children",
    "list_commune_own",
    "list_commune_status",
    "list_api_supervisor_status",
    "search_name",
    "search_number",
}


def _postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in {"postgres", "postgresql"} else None


def _number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


@pytest.mark.skipif(
    _postgres_url() is None,
    reason="the benchmark needs PostgreSQL and gunicorn: set DATABASE_URL=postgres://... (the CI's second pass)",
)
def test_bench_runs_end_to_end_at_tiny_scale(tmp_path):
    import psycopg

    parts = urlsplit(_postgres_url())
    database = f"safereturn_bench_test_{os.getpid()}"
    bench_url = urlunsplit(parts._replace(path=f"/{database}"))
    results = tmp_path / "results"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    env.update(
        BENCH_CASES="300",
        BENCH_REQUESTS="10",
        BENCH_DURATION="1.5",
        BENCH_CONCURRENCY="4",
        BENCH_WORKERS="2",
        BENCH_DATABASE_URL=bench_url,
        BENCH_RESULTS_DIR=str(results),
        BENCH_SCRATCH_DIR=str(tmp_path / "scratch"),
    )
    process = subprocess.run(
        [sys.executable, "-m", "bench.run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert process.returncode == 0, process.stdout[-5000:] + process.stderr[-5000:]

    (json_path,) = results.glob("*.json")
    result = json.loads(json_path.read_text())
    markdown = (results / "latest.md").read_text()
    assert json_path.with_suffix(".md").read_text() == markdown

    assert result["errors"] == 0
    assert result["machine"]["cores"] >= 1 and result["machine"]["memory_mb"] > 0
    assert result["machine"]["postgresql_version"]
    activity = result["machine"]["db_activity_during_http"]
    assert set(activity) == {"checkpoints", "buffers_checkpoint", "buffers_backend", "autovacuum_runs"}
    assert all(isinstance(value, int) and value >= 0 for value in activity.values()), activity
    assert "checkpointed" in markdown and "While the HTTP measures ran" in markdown
    assert result["data"]["cases"] >= 300 and result["config"]["cases"] == 300
    assert set(result["latency"]) == LATENCY | SUPPORT
    for name, row in result["latency"].items():
        assert row["n"] == 10 and row["errors"] == 0, name
        assert all(_number(row[k]) and row[k] > 0 for k in ("p50_ms", "p95_ms", "p99_ms")), name
    assert set(result["sql"]) == LISTS | SUPPORT
    for name, row in result["sql"].items():
        assert row["same_rows"], f"{name}: the hand-written SQL and the application returned different rows"
        if name in SUPPORT:
            assert row["app_list_queries_per_request"] >= 1 and row["example_hand_sql"], name
        else:
            expected_shapes = {"filter"} if name == "search_number" else {"union", "filter", "window"}
            assert set(row["hand_sql_by_shape"]) == expected_shapes, name
        assert _number(row["hand_sql"]["p95_ms"]) and _number(row["app_sql"]["p95_ms"]), name
        assert _number(row["ratio_http_p95_to_hand_sql_p95"]), name
        assert _number(row["ratio_app_sql_p95_to_hand_sql_p95"]), name
    for target in ("detail_page", "bare_view"):
        assert result["throughput"][target]["errors"] == 0
        assert _number(result["throughput"][target]["requests_per_second"])
        assert result["throughput"][target]["requests_per_second"] > 0
    assert _number(result["throughput"]["detail_share_of_bare"])
    assert _number(result["audit"]["share"]) and _number(result["audit"]["audit_record"]["p50_ms"])
    # The share is the server's own timing of each case page's audit INSERT, so it is there and above zero.
    assert 0 < result["audit"]["share"] < 1 and result["audit"]["in_request"]["n"] == 10
    assert _number(result["audit"]["share_audit_record_alone"])
    assert _number(result["seeding"]["cases_per_second"]) and result["seeding"]["cases_per_second"] > 0
    assert _number(result["seeding"]["minutes_for_1m"])
    assert _number(result["memory"]["worker_peak_mb"]) and result["memory"]["worker_peak_mb"] > 0
    assert _number(result["latency"]["duplicate_check"]["find_candidates_in_process"]["p95_ms"])
    # The seeder wrote support records and stays; the engine was asked about cases with a ledger.
    assert result["data"]["support_records"] > 0 and result["data"]["shelter_stays"] > 0
    assert result["data"]["support"]["ledger_visible"] > 0
    for key in ("for_case", "pure"):
        assert result["entitlements"][key]["n"] == 10, key
        assert all(
            _number(result["entitlements"][key][k]) and result["entitlements"][key][k] > 0 for k in ("p50_ms", "p95_ms")
        )
    assert result["entitlements"]["items_per_answer"] > 0
    rows = {row["key"]: row for row in result["table"]}
    for key in ("entitlements.for_case", "entitlements.pure", *(f"sql.{name}.ratio_app_sql" for name in SUPPORT)):
        assert rows[key]["met"] is not None, key

    # Every row of the table is a number, has its goal verdict where there is a goal, and is in the Markdown.
    for row in result["table"]:
        assert _number(row.get("value")) or _number(row.get("p95_ms")), row
        if row.get("goal"):
            assert row["met"] in (True, False), row
        assert row["measure"] in markdown
    assert "| measure | p50 ms | p95 ms | p99 ms / value | goal | met |" in markdown

    # The scratch database is gone again.
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is None


def test_a_shape_far_slower_than_the_best_is_no_longer_timed():
    from bench.run import SHAPE_DROP, _shapes_worth_timing

    best, near, far = [0.010] * 5, [0.010 * SHAPE_DROP] * 5, [0.010 * SHAPE_DROP * 1.1] * 5
    assert _shapes_worth_timing({"union": best, "filter": near, "window": far}) == {"union", "filter"}
    assert _shapes_worth_timing({"filter": best}) == {"filter"}
