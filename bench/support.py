"""The support and shelter measures: a case's ledger (page and API), a placing officer's occupancy page, a
facility's page with its residents, an agency's spending view, and the entitlement engine in process.

Over HTTP, each page is timed like the others (``measures._Latency``). In process, afterwards, each page is
opened through Django's test client to capture the application's own SQL for what the page reads (the
ledger, the stays and places, the records summed), which is timed turn about with the hand-written SQL of
``bench/sql.py``; both must give the same rows, checked against what the application's selectors return.
"""

import datetime
import json
import time

from . import client as bench_client
from . import inprocess
from . import sql as bench_sql
from .config import DISTINCT, log
from .goals import GOAL_MS

# The tables each measure's own reads touch (the case, session and audit reads every page makes are left out,
# as the lists leave them out).
TABLES = {
    "ledger_page": ("support_supportrecord", "support_supportdecision"),
    "ledger_api": ("support_supportrecord",),
    "occupancy_page": ("shelters_stay", "shelters_facilityplaces"),
    "facility_page": ("shelters_stay", "shelters_facilityplaces"),
    "spending_page": ("support_spendingmonth",),
}
WHAT = {
    "ledger_page": "records and decisions",
    "ledger_api": "records",
    "occupancy_page": "places and current residents",
    "facility_page": "places, residents with case and person",
    "spending_page": "the months kept by regime",
}


# ---- the plan -------------------------------------------------------------------------------------


def plan_support(cfg, db, plan):
    """Who and what the support measures ask for: the supervisor's cases with a ledger (from the manifest), the
    province's shelter officer and their facility, and the year the supervisor's agency recorded most in."""
    top = plan["top_province"]
    officers = sorted(
        (
            u
            for u in plan["users"]
            if u.get("agency_type") == "social_support_facility"
            and u["province_code"] == top
            and "case_worker" in u["roles"]
        ),
        key=lambda u: u["username"],
    )
    if not officers:
        raise RuntimeError(f"no shelter officer in province {top}")
    shelter = officers[0]
    shelter_scope = inprocess.user_scope(shelter["username"])
    supervisor_scope = inprocess.user_scope(plan["supervisor"]["username"])
    with db.connect() as conn:
        row = conn.execute(
            "SELECT extract(year FROM date_from)::int, count(*) FROM support_supportrecord "
            "WHERE recording_agency_id = %s AND status = ANY(%s) GROUP BY 1 ORDER BY 2 DESC, 1 DESC LIMIT 1",
            [supervisor_scope["agency"], list(bench_sql.COUNTING)],
        ).fetchone()
        residents = conn.execute(
            "SELECT count(*) FROM shelters_stay WHERE facility_id = %s AND discharged_on IS NULL",
            [shelter_scope["agency"]],
        ).fetchone()[0]
    year, year_records = row if row else (cfg.until.year, 0)
    return {
        "supervisor": plan["supervisor"]["username"],
        "ledger_cases": plan["ledger_cases"],
        "ledger_visible": plan["ledger_visible"],
        "shelter": shelter,
        "facility": shelter_scope["agency"],
        "facility_name": shelter_scope["agency_name"],
        "facility_residents": residents,
        "province": top,
        "spending_agency": supervisor_scope["agency"],
        "spending_agency_name": supervisor_scope["agency_name"],
        "spending_year": year,
        "spending_year_records": year_records,
    }


def _instances(support):
    """Each measure: who, its title, and its request instances (path, what to expect, the hand-written SQL)."""
    cases = support["ledger_cases"]
    facility, year = support["facility"], support["spending_year"]
    return {
        "ledger_page": {
            "who": "supervisor",
            "title": "Case's ledger of services and payments (/support/cases/<id>/), provincial supervisor",
            "instances": [
                {"path": f"/support/cases/{c['id']}/", "case": c["id"], "records": c["support_records"]} for c in cases
            ],
        },
        "ledger_api": {
            "who": "supervisor",
            "api": True,
            "title": "Case's ledger API (GET /api/cases/<id>/support-records/), provincial supervisor, token",
            "instances": [
                {"path": f"/api/cases/{c['id']}/support-records/", "case": c["id"], "records": c["support_records"]}
                for c in cases
            ],
        },
        "occupancy_page": {
            "who": "shelter",
            "title": "Shelters' occupancy (/shelters/), the province's shelter officer who places people",
            "instances": [{"path": "/shelters/", "expect": support["facility_name"]}],
        },
        "facility_page": {
            "who": "shelter",
            "title": f"A facility's page with its current residents (/shelters/<id>/, "
            f"{support['facility_residents']} residents), its own officer",
            "instances": [{"path": f"/shelters/{facility}/", "expect": support["facility_name"]}],
        },
        "spending_page": {
            "who": "supervisor",
            "title": f"Agency's support spending by regime and month (/support/spending/?year={year}, "
            f"{support['spending_year_records']:,} records), provincial supervisor",
            "instances": [{"path": f"/support/spending/?year={year}", "expect": str(year)}],
        },
    }


# ---- over HTTP ------------------------------------------------------------------------------------


def latency_phase(cfg, support, web, api):
    """The pages over HTTP, one request at a time (after the case pages, before the duplicate check)."""
    from .measures import _Latency

    latency = _Latency(cfg.requests)
    for name, measure in _instances(support).items():
        session = (api if measure.get("api") else web)[measure["who"]]
        instances, is_api = measure["instances"], bool(measure.get("api"))
        if not instances:
            raise RuntimeError(f"{name}: nothing to measure (too few cases with support records)")

        def make(i, instances=instances):
            return ("GET", instances[i % len(instances)]["path"], None, None)

        def check(i, response, instances=instances, is_api=is_api):
            inst = instances[i % len(instances)]
            if response.status != 200:
                return None
            if "records" in inst:  # every record of the ledger is there
                found = len(json.loads(response.body)) if is_api else response.body.count(b"<tr data-record=")
                return "ok" if found == inst["records"] else None
            return "ok" if inst["expect"].encode() in response.body else None

        latency.run(name, measure["title"], session, make, check, goal_p95_ms=GOAL_MS)
    return latency.results


# ---- in process: the application's SQL against hand-written SQL -----------------------------------


def _hand(name, inst, support):
    if name == "ledger_page":
        return bench_sql.ledger_queries(inst["case"])
    if name == "ledger_api":
        return bench_sql.ledger_api_queries(inst["case"])
    if name == "occupancy_page":
        return bench_sql.occupancy_queries(support["province"], support["facility"])
    if name == "facility_page":
        return bench_sql.facility_queries(support["facility"])
    return bench_sql.spending_queries(support["spending_agency"], support["spending_year"])


class _AppRows:
    """What the application's selectors return for each measure, in a form the hand-written rows take too."""

    def __init__(self, support):
        from django.contrib.auth import get_user_model

        from safereturn.access import policy
        from safereturn.directory.models import Agency, Membership

        user = get_user_model().objects.get(username=support["shelter"]["username"])
        membership = Membership.objects.select_related("agency").filter(user=user, is_active=True).order_by("pk")
        self.shelter_actor = policy.Actor(user, membership.first())
        self.facility = Agency.objects.get(pk=support["facility"])
        self.agency = Agency.objects.get(pk=support["spending_agency"])
        self.year = support["spending_year"]

    def app(self, name, inst):
        from safereturn.cases.models import Case
        from safereturn.shelters import selectors as shelters
        from safereturn.support import selectors as support

        if name in ("ledger_page", "ledger_api"):
            case = Case.objects.get(pk=inst["case"])
            rows = [r.pk for r in support.case_records(case)]
            return rows + [d.pk for d in support.case_decisions(case)] if name == "ledger_page" else rows
        if name == "occupancy_page":
            found = shelters.occupancy(shelters.facilities_for(self.shelter_actor))
            return sorted((f.facility.pk, g.group, g.places, g.current) for f in found for g in f.groups)
        if name == "facility_page":
            (found,) = shelters.occupancy([self.facility])
            return sorted((g.group, g.places, g.current) for g in found.groups) + [
                s.pk for s in shelters.residents(self.facility)
            ]
        return [
            (r["regime_code"], r["month"], r["total"], r["records"])
            for r in support.agency_spending(self.agency, self.year)
        ]

    @staticmethod
    def hand(name, results):
        if name == "ledger_page":
            return [r[0] for r in results[0]] + [r[0] for r in results[1]]
        if name == "ledger_api":
            return [r[0] for r in results[0]]
        if name == "occupancy_page":
            return sorted((r[0], r[1], r[2], r[3]) for r in results[0])
        if name == "facility_page":
            return sorted((r[0], r[1], r[2]) for r in results[0]) + [r[0] for r in results[1]]
        return [(r[0], r[1], int(r[2] or 0), r[3]) for r in results[0]]


def _reads(queries, tables):
    return [q for q, _s in queries if q.lstrip()[:6].upper() == "SELECT" and any(f'"{t}"' in q for t in tables)]


def sql_phase(cfg, db, support):
    """Each measure's instances captured through the real views and checked, then timed turn about."""
    import psycopg

    clients = {
        "supervisor": inprocess.AppClient(support["supervisor"]),
        "shelter": inprocess.AppClient(support["shelter"]["username"]),
    }
    rows = _AppRows(support)
    results, inproc = {}, {}
    with db.connect(prepare_threshold=None, options="-c jit=off") as conn:
        cursor = psycopg.ClientCursor(conn)
        for name, measure in _instances(support).items():
            log(f"support SQL: {name}")
            client = clients[measure["who"]]
            instances = measure["instances"][:DISTINCT]
            client.get(instances[0]["path"])  # warm-up, not recorded
            prepared, mismatches, seconds, counts = [], 0, [], []
            for inst in instances:
                response, elapsed, queries = client.get(inst["path"])
                if response.status_code != 200:
                    raise RuntimeError(f"in-process {inst['path']} answered {response.status_code}")
                app_sql = _reads(queries, TABLES[name])
                hand = _hand(name, inst, support)
                hand_rows = rows.hand(name, [cursor.execute(sql, params).fetchall() for sql, params in hand])
                mismatches += hand_rows != rows.app(name, inst)
                prepared.append((app_sql, hand))
                seconds.append(elapsed)
                counts.append(len(queries))
            # For the spending view, also the same rows summed from the records (what the months spare).
            from_records = (
                bench_sql.spending_from_records_queries(support["spending_agency"], support["spending_year"])
                if name == "spending_page"
                else []
            )
            if from_records:
                found = [cursor.execute(sql, params).fetchall() for sql, params in from_records]
                mismatches += rows.hand(name, found) != rows.app(name, measure["instances"][0])
            hand_times, app_times, records_times = [], [], []
            for rep in range(-1, cfg.requests):  # one untimed round first
                app_sql, hand = prepared[rep % len(prepared)]
                spent = sum(bench_sql.timed(cursor, sql, params)[0] for sql, params in hand)
                app_spent = sum(bench_sql.timed(cursor, q)[0] for q in app_sql)
                records_spent = sum(bench_sql.timed(cursor, sql, params)[0] for sql, params in from_records)
                if rep >= 0:
                    hand_times.append(spent)
                    app_times.append(app_spent)
                    records_times.append(records_spent)
            example_app, example_hand = prepared[0]
            results[name] = {
                "hand_what": WHAT[name],
                "hand_sql": bench_client.summary_ms(hand_times),
                "app_sql": bench_client.summary_ms(app_times),
                "app_list_queries_per_request": len(example_app),
                "instances": len(prepared),
                "same_rows": mismatches == 0,
                "mismatched_instances": mismatches,
                "example_hand_sql": [cursor.mogrify(sql, params) for sql, params in example_hand],
                "example_app_sql": example_app,
            }
            if from_records:
                results[name]["sum_of_records_sql"] = bench_client.summary_ms(records_times)
                results[name]["example_sum_of_records_sql"] = [cursor.mogrify(q, p) for q, p in from_records]
            inproc[name] = {"request": bench_client.summary_ms(seconds), "queries_per_request": max(counts)}
    return results, inproc


# ---- the entitlement engine ----------------------------------------------------------------------


def time_entitlements(cfg, support):
    """``for_case`` (its two reads of the ledger and the answer) and the pure ``entitlements`` over a snapshot
    (facts read beforehand), for the sampled cases with a ledger, one call at a time, in process."""
    from django.utils import timezone

    from safereturn.cases.models import Case
    from safereturn.support import entitlements as engine

    ids = [c["id"] for c in support["ledger_cases"][:DISTINCT]]
    cases = list(Case.objects.filter(pk__in=ids).select_related("person").order_by("pk"))
    if not cases:
        raise RuntimeError("no case with support records to ask the entitlement engine about")
    today = timezone.localdate()
    facts = [engine.facts_for_case(case) for case in cases]
    rules = engine.snapshot()
    engine.for_case(cases[0])  # warm-up (translations, the snapshot's cache)
    with_queries, pure, answers = [], [], 0
    for i in range(cfg.requests):
        started = time.perf_counter()
        answered = engine.for_case(cases[i % len(cases)])
        with_queries.append(time.perf_counter() - started)
        answers += sum(1 for a in answered if a.entitled)
        started = time.perf_counter()
        engine.entitlements(facts[i % len(facts)], on=today, rules=rules)
        pure.append(time.perf_counter() - started)
    return {
        "for_case": bench_client.summary_ms(with_queries),
        "pure": bench_client.summary_ms(pure),
        "cases": len(cases),
        "items_per_answer": len(engine.entitlements(facts[0], on=today, rules=rules)),
        "entitled_items_per_answer_mean": round(answers / cfg.requests, 1),
        "on": datetime.date.isoformat(today),
    }
