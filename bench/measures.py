"""The measures: latency over HTTP, throughput, the lists' SQL against hand-written SQL, and audit cost.

(Memory is read from the server itself: ``Server.memory``; the seeding rate comes from bench/seeding.py.)
"""

import datetime
import json
import statistics

from . import client as bench_client
from . import inprocess
from . import sql as bench_sql
from .config import BARE_PATH, DISTINCT, THROUGHPUT_ROUNDS, log
from .goals import GOAL_DUPLICATE_MS, GOAL_MS
from .workload import new_people

# After this many timed rounds, a hand-written shape whose median is SHAPE_DROP times the best one's
# is no longer timed: it cannot be the lower bound, and the row-by-row shapes of a large list take
# half a second a round. Its figures (over these first rounds) stay in the JSON.
SHAPE_TRIAL = 20
SHAPE_DROP = 5


# ---- latency --------------------------------------------------------------------------------------


class _Latency:
    """The latency measures, run one after another into ``results`` (in the order of the results table)."""

    def __init__(self, requests):
        self.n, self.warmup = requests, max(3, requests // 10)
        self.results = {}

    def run(self, name, title, session, make, check, between=None, **extra):
        log(f"latency: {name}")
        result = bench_client.measure_latency(
            session, make, count=self.n, warmup=self.warmup, check=check, between=between
        )
        self.results[name] = {"title": title, **extra, **result}


def latency_phase(cfg, port, plan, lists, web, api):
    """Every latency measure, one request at a time. Also returns the ``AuditTimer`` timed turn about
    with the supervisor's case page (see audit_phase) and the new people submitted to the duplicate
    check (``find_candidates`` is timed on them in process afterwards)."""
    latency = _Latency(cfg.requests)
    latency.run(
        "bare_view",
        "Bare Django view (same server, no session): the framework's floor",
        bench_client.Session("127.0.0.1", port),
        lambda i: ("GET", BARE_PATH, None, None),
        lambda _i, r: "ok" if r.status == 200 and r.body == b"ok" else None,
    )
    for name, measure in lists.items():
        session = (api if measure["api"] else web)[measure["who"]]
        make, check = _list_requests(measure["instances"])
        latency.run(name, measure["title"], session, make, check, goal_p95_ms=GOAL_MS)
    audit_timer = _case_pages(latency, plan, web, api)
    people = new_people(latency.n + latency.warmup, cfg.seed)
    make, check = _intake_requests(plan, people, latency.warmup)
    latency.run(
        "duplicate_check",
        "Duplicate check at intake of a new person (POST /api/cases/, commune officer, token)",
        api["commune"],
        make,
        check,
        goal_p95_ms=GOAL_DUPLICATE_MS,
    )
    return latency.results, audit_timer, people


def _list_requests(instances):
    def make(i):
        return ("GET", instances[i % len(instances)]["path"], None, None)

    def check(i, response):
        expect = instances[i % len(instances)].get("expect")
        if response.status != 200 or (expect and expect.encode() not in response.body):
            return None
        return "ok"

    return make, check


def _case_pages(latency, plan, web, api):
    """The case page for both officers and the case API; returns the supervisor page's ``AuditTimer``."""
    sup_cases, com_cases = plan["supervisor_cases"], plan["commune_cases"]
    make, check = _case_page_requests(sup_cases)
    # audit_record is timed in process turn about with this measure (see audit_phase).
    audit_timer = inprocess.AuditTimer(plan["supervisor"]["username"], sup_cases[0]["id"])
    latency.run(
        "detail_page_supervisor",
        "Case page, provincial supervisor",
        web["supervisor"],
        make,
        check,
        between=audit_timer.once,
        goal_p95_ms=GOAL_MS,
    )
    make, check = _case_page_requests(com_cases)
    latency.run("detail_page_commune", "Case page, commune officer", web["commune"], make, check, goal_p95_ms=GOAL_MS)

    def api_check(i, response):
        if response.status != 200:
            return None
        return "ok" if json.loads(response.body).get("id") == sup_cases[i % len(sup_cases)]["id"] else None

    latency.run(
        "detail_api_supervisor",
        "Case API (GET /api/cases/<id>/), provincial supervisor, token",
        api["supervisor"],
        lambda i: ("GET", f"/api/cases/{sup_cases[i % len(sup_cases)]['id']}/", None, None),
        api_check,
        goal_p95_ms=GOAL_MS,
    )
    return audit_timer


def _case_page_requests(cases):
    def make(i):
        return ("GET", f"/cases/{cases[i % len(cases)]['id']}/", None, None)

    def check(i, response):
        number = cases[i % len(cases)]["number"]
        return "ok" if response.status == 200 and number.encode() in response.body else None

    return make, check


def _intake_requests(plan, people, warmup):
    commune_code = plan["commune"].get("commune_code")
    received = datetime.datetime.now(datetime.UTC).astimezone(bench_sql.TIME_ZONE) - datetime.timedelta(hours=1)

    def intake(i):
        person = people[i + warmup]  # warm-up requests have negative i: every person is new
        body = {
            "full_name": person["full_name"],
            "sex": person["sex"],
            "birth_year": person["birth_year"],
            "channel": "self_return",
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "province": plan["top_province"],
            "route": "cross_border",
            "destination_country": "KH",
            "risk_level": "medium",
        }
        if commune_code:
            body["commune"] = commune_code
        return ("POST", "/api/cases/", json.dumps(body), {"Content-Type": "application/json"})

    def intake_check(_i, response):
        return {201: "no match: case recorded", 409: "possible matches shown"}.get(response.status)

    return intake, intake_check


# ---- throughput -----------------------------------------------------------------------------------


def throughput_phase(cfg, plan, sessions, host, port):
    cases = plan["supervisor_cases"]
    bare_sessions = [bench_client.Session(host, port) for _ in sessions]
    ok = lambda _i, r: "ok" if r.status == 200 else None  # noqa: E731
    results = bench_client.measure_throughput(
        {
            "detail_page": (sessions, lambda i: ("GET", f"/cases/{cases[i % len(cases)]['id']}/", None, None), ok),
            "bare_view": (bare_sessions, lambda i: ("GET", BARE_PATH, None, None), ok),
        },
        duration=cfg.duration,
        rounds=THROUGHPUT_ROUNDS,
    )
    for session in sessions + bare_sessions:
        session.close()
    detail, bare = results["detail_page"], results["bare_view"]
    share = detail["requests_per_second"] / bare["requests_per_second"] if bare["requests_per_second"] else None
    return {"detail_page": detail, "bare_view": bare, "detail_share_of_bare": share}


# ---- the lists' SQL against hand-written SQL -------------------------------------------------------


def sql_phase(cfg, db, lists, plan):
    """For each list measure: the app's SQL (captured from the real view) and the hand-written SQL,
    checked to return the same case ids in the same order, then timed turn about, ``requests`` times."""
    import psycopg

    scopes = {
        "supervisor": inprocess.user_scope(plan["supervisor"]["username"]),
        "commune": inprocess.user_scope(plan["commune"]["username"]),
    }
    clients = {
        "supervisor": inprocess.AppClient(plan["supervisor"]["username"]),
        "commune": inprocess.AppClient(plan["commune"]["username"]),
    }
    results, inproc = {}, {}
    reps = cfg.requests
    # The same session settings as the application's connections (settings: DATABASE_PG_OPTIONS,
    # JIT off), so hand-written and application SQL are timed on equal terms.
    with db.connect(prepare_threshold=None, options="-c jit=off") as conn:
        cursor = psycopg.ClientCursor(conn)
        for name, measure in lists.items():
            who = measure["who"]
            results[name], inproc[name] = _compare_list(cursor, clients[who], scopes[who], measure, reps)
        inproc["detail_page_supervisor"] = _case_page_in_process(clients["supervisor"], plan, reps)
    return results, inproc


def _compare_list(cursor, client, scope, measure, reps):
    """One list measure: every instance captured and checked (``_capture``), then timed turn about."""
    prepared, mismatches, request_seconds, query_counts = [], 0, [], []
    shapes = bench_sql.shapes(measure["instances"][0]["filters"])
    client.get(measure["instances"][0]["path"])  # warm-up, not recorded
    for inst in measure["instances"]:
        captured, seconds, query_count, mismatched = _capture(cursor, client, scope, measure, inst, shapes)
        prepared.append(captured)
        request_seconds.append(seconds)
        query_counts.append(query_count)
        mismatches += mismatched
    timings, app = _time_turn_about(cursor, prepared, shapes, reps)
    by_shape = {shape: bench_client.summary_ms(values) for shape, values in timings.items()}
    best = min(by_shape, key=lambda shape: by_shape[shape]["p95_ms"])
    example_sql, example_hand = prepared[0]
    page_sql, count_sql, params = example_hand[best]
    result = {
        "hand_sql": by_shape[best],
        "hand_sql_shape": best,
        "hand_sql_by_shape": by_shape,
        "app_sql": bench_client.summary_ms(app),
        "app_list_queries_per_request": len(example_sql),
        "instances": len(prepared),
        "same_rows": mismatches == 0,
        "mismatched_instances": mismatches,
        "example_hand_page_sql": cursor.mogrify(page_sql, params),
        "example_hand_count_sql": cursor.mogrify(count_sql, params) if count_sql else None,
        "example_app_sql": example_sql,
    }
    in_process = {
        "request": bench_client.summary_ms(request_seconds),
        "queries_per_request": max(query_counts),
    }
    return result, in_process


def _capture(cursor, client, scope, measure, inst, shapes):
    """One request of a list: the app's list SQL, captured from the real view, and the hand-written SQL
    in each shape, both run once to compare the case ids they return. Returns ``(app_sql, hand)``, the
    request's time in process, its query count, and how many shapes returned other ids than the app."""
    response, seconds, queries = client.get(inst["path"])
    if response.status_code != 200:
        raise RuntimeError(f"in-process {inst['path']} answered {response.status_code}")
    app_sql = [q for q, _s in queries if inprocess.is_list_query(q)]
    app_ids = []
    for q in app_sql:
        if "COUNT(" not in q.upper():
            app_ids = [str(row[0]) for row in cursor.execute(q).fetchall()]
    hand, mismatches = {}, 0
    for shape in shapes:
        page_sql, count_sql, params = bench_sql.list_queries(
            scope,
            inst["filters"],
            inst["sort"],
            inst["page"],
            measure["page_size"],
            shape,
        )
        hand_ids = [str(row[0]) for row in cursor.execute(page_sql, params).fetchall()]
        mismatches += hand_ids != app_ids
        hand[shape] = (page_sql, count_sql, params)
    return (app_sql, hand), seconds, len(queries), mismatches


def _time_turn_about(cursor, prepared, shapes, reps):
    """Each hand-written shape and the app's SQL timed turn about, ``reps`` rounds after an untimed one,
    cycling through the instances; returns the seconds of each shape and of the app's SQL."""
    timings = {shape: [] for shape in shapes}
    timed_shapes = set(shapes)
    app = []
    for rep in range(-1, reps):  # one untimed round first
        app_sql, hand = prepared[rep % len(prepared)]
        if rep == SHAPE_TRIAL:
            timed_shapes = _shapes_worth_timing(timings)
        for shape, (page_sql, count_sql, params) in hand.items():
            if shape not in timed_shapes:
                continue
            seconds = _time_hand(cursor, page_sql, count_sql, params)
            if rep >= 0:
                timings[shape].append(seconds)
        seconds = sum(bench_sql.timed(cursor, q)[0] for q in app_sql)
        if rep >= 0:
            app.append(seconds)
    return timings, app


def _time_hand(cursor, page_sql, count_sql, params):
    seconds = bench_sql.timed(cursor, page_sql, params)[0]
    if count_sql is not None:  # the "window" shape counts in the page's own read
        seconds += bench_sql.timed(cursor, count_sql, params)[0]
    return seconds


def _shapes_worth_timing(timings):
    medians = {shape: statistics.median(values) for shape, values in timings.items()}
    best = min(medians.values())
    return {shape for shape, median in medians.items() if median <= SHAPE_DROP * best}


def _case_page_in_process(client, plan, reps):
    """The case page in process: its queries and the share of its time spent inserting the audit row."""
    shares, counts, seconds = [], [], []
    client.get(f"/cases/{plan['supervisor_cases'][-1]['id']}/")  # warm-up, not recorded
    for case in plan["supervisor_cases"][: min(DISTINCT, reps)]:
        response, elapsed, queries = client.get(f"/cases/{case['id']}/")
        if response.status_code != 200:
            raise RuntimeError(f"in-process case page answered {response.status_code}")
        audit_seconds = sum(s for q, s in queries if inprocess.is_audit_insert(q))
        shares.append(audit_seconds / elapsed)
        counts.append(len(queries))
        seconds.append(elapsed)
    return {
        "request": bench_client.summary_ms(seconds),
        "queries_per_request": max(counts),
        "audit_insert_share_median": round(sorted(shares)[len(shares) // 2], 4),
    }


# ---- audit ----------------------------------------------------------------------------------------


def audit_phase(latency, audit_timer):
    """The audit write's share of the case page: measured inside each request (the server's
    Server-Timing), and, for comparison, ``audit_record`` alone in process, turn about with it."""
    page = latency["detail_page_supervisor"]
    timing = audit_timer.summary()
    detail_p50 = page["p50_ms"]
    in_request = page.get("server_timing", {}).get("audit", {})
    return {
        "in_request": in_request,
        "share": page.get("server_timing_share_median", {}).get("audit"),
        "audit_record": timing,
        "detail_page_p50_ms": detail_p50,
        "events_per_request": 1,
        "share_audit_record_alone": round(timing["p50_ms"] / detail_p50, 4) if detail_p50 else None,
    }
