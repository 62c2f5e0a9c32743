"""The run's record, as bench/report.py writes it to bench/results/: machine facts, configuration, the
data, every measure, the results table (bench/goals.py) and the notes on how each figure was measured."""

import contextlib
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

from .config import REPO, SETTINGS, THROUGHPUT_ROUNDS
from .goals import results_table
from .measures import SHAPE_DROP, SHAPE_TRIAL


def assemble(
    cfg,
    *,
    started,
    database,
    redis_url,
    seeding,
    phases,
    plan,
    scopes,
    latency,
    throughput,
    memory,
    sql_results,
    inproc,
    audit,
    support,
    entitlements,
    counts,
    db_facts,
    db_activity_during_http,
    load,
):
    import django
    import gunicorn

    mem_kb = _total_memory_kb()
    git = _git_state()
    seeding = _with_projection(seeding)
    peak = max((w["peak_mb"] for w in memory), default=None)
    table = results_table(
        latency=latency,
        sql_results=sql_results,
        throughput=throughput,
        audit=audit,
        seeding=seeding,
        peak=peak,
        entitlements=entitlements,
    )
    detail, bare = throughput["detail_page"], throughput["bare_view"]
    errors = sum(r.get("errors", 0) for r in latency.values()) + detail["errors"] + bare["errors"]
    notes = _notes(cfg, plan, throughput, seeding, redis_url, db_activity_during_http)
    notes.insert(-4, _support_note(support, entitlements))
    return {
        "schema": 1,
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "finished_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git": git,
        "machine": {
            "cores": os.cpu_count(),
            "memory_mb": round(mem_kb / 1024),
            "python": sys.version.split()[0],
            "django": django.get_version(),
            "gunicorn": gunicorn.__version__,
            "load_average": load,
            **db_facts,
            "db_activity_during_http": db_activity_during_http,
        },
        "config": {
            "cases": cfg.cases,
            "seed": cfg.seed,
            "until": cfg.until.isoformat(),
            "database": database,
            "concurrency": cfg.concurrency,
            "requests": cfg.requests,
            "duration_s": cfg.duration,
            "workers": cfg.workers,
            "worker_class": "sync",
            "threads": 1,
            "settings": SETTINGS,
            "cache": redis_url or "locmem",
            "second_factor": "enforced (TOTP)",
        },
        "data": counts
        | {
            "top_province": plan["top_province"],
            "cases_by_province": {str(k): v for k, v in sorted(plan["province_counts"].items())},
            "supervisor": plan["supervisor"]["username"],
            "supervisor_visible_cases": plan["supervisor_visible"],
            "commune_officer": plan["commune"]["username"],
            "commune_visible_cases": plan["commune_visible"],
            "scopes": scopes,
            "support": {k: v for k, v in support.items() if k != "ledger_cases"}
            | {"shelter": support["shelter"]["username"]},
        },
        "seeding": seeding,
        "latency": latency,
        "sql": sql_results,
        "in_process": inproc,
        "throughput": throughput,
        "audit": audit,
        "entitlements": entitlements,
        "memory": {"workers": memory, "worker_peak_mb": peak},
        "phases_s": phases,
        "table": table,
        "errors": errors,
        "notes": notes,
    }


def _total_memory_kb():
    meminfo = Path("/proc/meminfo").read_text()
    return int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))


def _git_state():
    git = {}
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        git["commit"] = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain"],  # noqa: S607
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        git["dirty"] = bool(status.strip())
    return git


def _with_projection(seeding):
    """The seeding figures with the time for 1,000,000 cases: measured, or projected from this run's rate."""
    seeding = dict(seeding)
    rate = seeding.get("cases_per_second") or 0
    measured_at_1m = seeding.get("cases", 0) >= 1_000_000
    seeding["minutes_for_1m"] = round(1_000_000 / rate / 60, 1) if rate else None
    seeding["minutes_for_1m_is"] = "measured" if measured_at_1m else "projected from this run's rate"
    return seeding


def _notes(cfg, plan, throughput, seeding, redis_url, activity):
    """How each figure was measured, in words, for the JSON and the Markdown."""
    detail, bare = throughput["detail_page"], throughput["bare_view"]
    redis_note = (
        f"cache and sessions in Redis ({redis_url})"
        if redis_url
        else "cache and sessions in local memory per worker (Redis not reachable or BENCH_REDIS_URL empty)"
    )
    return [
        f"Server: `gunicorn safereturn.wsgi --workers {cfg.workers}` (sync workers, 2 per core as the README "
        f"advises, `--timeout 120`), `{SETTINGS}` with DEBUG off, bound to 127.0.0.1; {redis_note}.",
        "Deviations from production: no nginx or TLS (plain HTTP on loopback; `X-Forwarded-Proto: https` is "
        "sent as nginx would and `DJANGO_SECURE_SSL_REDIRECT=0`); the load generator (Python threads) runs on "
        "the same machine and takes CPU from the server; the bare view exists only with "
        "`SAFERETURN_BENCH_VIEWS=1`; the duplicate-check limit per officer is lifted "
        "(`SAFERETURN_DUPLICATE_CHECK_LIMIT`: one officer submits every new person of that measure); "
        "the server sends `Server-Timing` (`SAFERETURN_SERVER_TIMING=1`, about 8 µs "
        "a request measured in process, on the bare view and the case page alike).",
        "Sign-in: pages use sessions made through the real login form and second factor (a TOTP device is "
        f"enrolled for each bench officer; codes computed with django_otp); the API uses tokens from "
        f"`manage.py issue_token`. The throughput run signs in {cfg.concurrency} extra supervisors "
        "(same agency and role) so that each thread has its own session.",
        f"Latency: {cfg.requests} requests per measure, one at a time after {max(3, cfg.requests // 10)} "
        "warm-up requests, timed from sending the request to reading the whole body (new TCP connection "
        "included: sync workers close after each response). Percentiles interpolate between ranks.",
        f"Officers: `{plan['supervisor']['username']}` (supervisor of {plan['supervisor']['agency']}, province "
        f"{plan['top_province']}, the province with the most cases: {plan['supervisor_visible']:,} visible) and "
        f"`{plan['commune']['username']}` ({plan['commune']['agency']}, {plan['commune_visible']:,} cases). "
        "Case pages cycle through cases sampled from the manifest; searches use names from it typed without "
        "accents in shuffled order, and its case numbers.",
        "Duplicate check: new people (names drawn from the same Vietnamese name lists, so some resemble "
        "earlier records) submitted to the intake API without a link/confirm decision; the check runs on "
        "every request; when it finds nothing the case is recorded in the same request (both outcomes are "
        "reported separately in the JSON, with `find_candidates` alone timed in process).",
        f"Throughput: {cfg.concurrency} threads, each with its own connection (and, on the case page, its own "
        f"session), {cfg.duration:g} s on the case page and {cfg.duration:g} s on the bare view (anonymous), "
        f"taking turns in {THROUGHPUT_ROUNDS} rounds so background load weighs on both alike; completed "
        "requests per second of wall time. The load generator itself used "
        f"{detail['client_cpu_seconds'] / detail['duration_s']:.0%} of a core during the case-page run and "
        f"{bare['client_cpu_seconds'] / bare['duration_s']:.0%} during the bare-view run, CPU the server "
        "did not have (so the bare view's ceiling is understated, which flatters the share).",
        "SQL lower bound: for every list request, hand-written SQL (bench/sql.py: page rows + count; for "
        "lists three shapes, one counting in the page's own read, the fastest by p95 being the bound; a shape "
        f"whose median over the first {SHAPE_TRIAL} rounds is {SHAPE_DROP}× the best one's is not timed further) "
        "and the application's own SQL (captured "
        "from the real view through Django's test client: every SELECT on cases, participations or persons) "
        "run turn about "
        "through psycopg on one connection, as many times as the HTTP requests; all are checked to give "
        "the same case ids in the same order. The goal (≤ 2×) is the list's own SQL p95 ÷ lower bound p95 "
        "(the application's queries against the best ones for the same rows; decision 14); the whole HTTP "
        "request p95 ÷ lower bound p95 is shown beside it for comparison.",
        "Audit: the server times its own SQL (`SAFERETURN_SERVER_TIMING=1`: a `Server-Timing` header with "
        "the time in the application, in SQL and in audit INSERTs); for each timed request of the "
        "supervisor's case page, the audit INSERT's time ÷ the request's whole time as the client saw it, "
        "median over the requests. For comparison, `audit_record` is also timed alone in process (one event, "
        "as a case page writes), one call after each of those requests, its p50 ÷ the page's p50: a write "
        "on a connection that has been idle since the last one costs more than one inside a request. "
        "Cross-check in the JSON: share of the in-process page time spent in the audit INSERT.",
        "Seeding: `manage.py seed_demo --cases N --bulk` as documented (one transaction; the case tables' "
        "foreign keys dropped for the load and checked once when added back, indexes kept); its own rate "
        "(excluding process start and directory seeding, including the foreign keys' check) is shown; below "
        "1,000,000 cases the time for 1,000,000 is projected linearly."
        + (" This run reused an already seeded database." if seeding.get("reused") else ""),
        "Memory: VmHWM (peak resident set) of each gunicorn worker from /proc after all HTTP measures.",
        "Before measuring, the database is vacuumed, analysed and checkpointed (`VACUUM (ANALYZE)` then "
        f"`CHECKPOINT`, {seeding.get('vacuum_analyze_seconds', 0):g} s, not counted in the seeding time), as "
        "autovacuum and the checkpointer leave a production database: every query is planned with "
        "statistics, and the write-out of the freshly seeded pages does not fall inside the measures."
        + _activity_sentence(activity),
    ]


def _support_note(support, entitlements):
    return (
        "Support and shelters: the seeder (`--bulk`) writes support records, supervisors' decisions and shelter "
        f"stays with the cases (`safereturn/demo/support_bulk.py`); {support['ledger_visible']:,} cases with a "
        "ledger are visible to the supervisor, and ledger pages (page and API) cycle through "
        f"{len(support['ledger_cases'])} of them, checking that every record is listed. The shelter officer "
        f"`{support['shelter']['username']}` opens the occupancy page and their facility's page "
        f"({support['facility_residents']} current residents); the supervisor opens their agency's spending for "
        f"{support['spending_year']}, the year it recorded most in ({support['spending_year_records']:,} records). "
        "Each page's own reads (SELECTs on the support or shelter tables, captured from the real view in "
        "process) are timed turn about with hand-written SQL (bench/sql.py) through psycopg, as many times "
        "as the HTTP requests; both are checked to give the rows the application's selectors return. The "
        f"entitlement engine is timed in process over {entitlements['cases']} of those cases: `for_case` "
        "(its two reads of the ledger, then the answer) and the pure `entitlements()` over the facts read "
        f"before ({entitlements['items_per_answer']} items an answer, in both languages)."
    )


def _activity_sentence(activity):
    """What PostgreSQL did in the background while the HTTP measures ran."""
    return (
        f" While the HTTP measures ran, PostgreSQL made {activity['checkpoints']} checkpoint(s) "
        f"({activity['buffers_checkpoint']:,} buffers written) and autovacuum or autoanalyze ran "
        f"{activity['autovacuum_runs']} time(s)."
    )
