"""What the measures ask for: the officers and cases picked from seed_demo's manifest, the lists and
searches they open, and the new people submitted to the duplicate check."""

import datetime
import json
import math
import random
import unicodedata
from urllib.parse import urlencode

from . import sql as bench_sql
from .config import DISTINCT, SAMPLE

# ---- the manifest ---------------------------------------------------------------------------------


def _iter_manifest(path):
    """Users, then cases one by one, from seed_demo's streamed manifest (one case per line)."""
    with open(path, encoding="utf-8") as fh:
        head = []
        for line in fh:
            if line.startswith('"cases"'):
                break
            head.append(line)
        else:
            raise ValueError("no cases in the manifest")
        users = json.loads("".join(head).rstrip().rstrip(",") + "}")["users"]
        yield users
        rest = line[line.index("[") + 1 :].strip()
        if rest not in ("", "]"):
            raise ValueError("unexpected manifest layout")
        for line in fh:
            line = line.strip().rstrip(",")
            if line.startswith("{"):
                yield json.loads(line)


def read_manifest(path, seed):
    """Pick the officers and sample the cases each may open (the same rules as the access policy).

    Two passes over the streamed manifest (counts, then samples), so a million cases need little memory.
    """
    stream = _iter_manifest(path)
    users = next(stream)
    supervisors = {
        u["province_code"]: u
        for u in users
        if "supervisor" in u["roles"] and u.get("agency_type") == "health_department" and u["province_code"]
    }
    communes = [u for u in users if "intake_officer" in u["roles"] and u.get("agency_type") == "commune_committee"]
    commune_agencies = {u["agency"] for u in communes}
    province_counts, agency_counts = {}, {}
    for case in stream:
        province_counts[case["province_code"]] = province_counts.get(case["province_code"], 0) + 1
        for agency in case["participant_agencies"]:
            if agency in commune_agencies:
                agency_counts[agency] = agency_counts.get(agency, 0) + 1
    if not province_counts:
        raise RuntimeError("the manifest lists no cases")
    top_province = max(province_counts, key=lambda p: (province_counts[p], -p))
    supervisor = supervisors[top_province]
    commune = max(
        (u for u in communes if u["province_code"] == top_province),
        key=lambda u: (agency_counts.get(u["agency"], 0), u["username"]),
    )
    rng = random.Random(f"bench-{seed}")
    ledger_rng = random.Random(f"bench-ledger-{seed}")  # its own, so the other samples stay as they were
    supervisor_cases, commune_cases, ledger_cases = [], [], []
    seen_sup = seen_com = seen_ledger = 0
    stream = _iter_manifest(path)
    next(stream)
    for case in stream:
        agencies = case["participant_agencies"]
        if case["province_code"] == top_province or supervisor["agency"] in agencies:
            seen_sup += 1
            _reservoir(supervisor_cases, case, seen_sup, rng)
            if case.get("support_records"):  # a case with a ledger (seed_demo --bulk)
                seen_ledger += 1
                _reservoir(ledger_cases, case, seen_ledger, ledger_rng)
        if commune["agency"] in agencies:
            seen_com += 1
            _reservoir(commune_cases, case, seen_com, rng)
    return {
        "users": users,
        "province_counts": province_counts,
        "top_province": top_province,
        "supervisor": supervisor,
        "commune": commune,
        "supervisor_cases": supervisor_cases,
        "commune_cases": commune_cases,
        "ledger_cases": ledger_cases,
        "ledger_visible": seen_ledger,
        "supervisor_visible": seen_sup,
        "commune_visible": seen_com,
    }


def _reservoir(sample, row, seen, rng):
    if len(sample) < SAMPLE:
        sample.append(row)
    else:
        j = int(rng.random() * seen)
        if j < SAMPLE:
            sample[j] = row


def strip_accents(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def search_text(full_name, rng):
    """How an officer types a name into the search box: without accents, words in another order."""
    tokens = strip_accents(full_name).split()
    shuffled = tokens[:]
    if len(tokens) > 1:
        while shuffled == tokens:
            rng.shuffle(shuffled)
    return " ".join(shuffled).lower()


def new_people(count, seed):
    """Intake of people not in the data: names drawn like the seeded ones (so some look like earlier records)."""
    from faker.providers.person.vi_VN import Provider as Names

    rng = random.Random(f"bench-new-people-{seed}")
    lasts = list(Names.last_names)
    people = []
    for _ in range(count):
        female = rng.random() < 0.52
        middle = rng.choice(["Thị", "Ngọc", "Xuân", "Mai"] if female else ["Văn", "Đức", "Hữu", "Quang", "Minh"])
        given = rng.choice(list(Names.first_names_female if female else Names.first_names_male))
        people.append(
            {
                "full_name": f"{rng.choice(lasts)} {middle} {given}",
                "sex": "female" if female else "male",
                "birth_year": 1975 + int(rng.random() * 35),
            }
        )
    return people


# ---- the list requests ----------------------------------------------------------------------------


def _list_specs(cfg):
    """The filtered lists: (name, title, who, through the API, query string with its sort)."""
    year_ago = cfg.until - datetime.timedelta(days=364)
    return [
        (
            "list_supervisor_status",
            "Case list, provincial supervisor, whole province: status filter, newest first, pages 1–5",
            "supervisor",
            False,
            {"status": "under_verification", "sort": "-received"},
        ),
        (
            "list_supervisor_range",
            "Case list, provincial supervisor: channel + one-year date range, by number, pages 1–5",
            "supervisor",
            False,
            {
                "channel": "rescue_abroad",
                "received_from": year_ago,
                "received_to": cfg.until,
                "sort": "number",
            },
        ),
        (
            "list_supervisor_exploitation",
            "Case list, provincial supervisor, whole province: exploitation form + sex, newest first, pages 1–5",
            "supervisor",
            False,
            {"exploitation": "sexual", "sex": "female", "sort": "-received"},
        ),
        (
            "list_supervisor_children",
            "Case list, provincial supervisor, whole province: children, newest first, pages 1–5",
            "supervisor",
            False,
            {"age_group": "child", "sort": "-received"},
        ),
        (
            "list_commune_own",
            "Case list, commune officer, own cases: newest first, pages 1–5",
            "commune",
            False,
            {"sort": "-received"},
        ),
        (
            "list_commune_status",
            "Case list, commune officer, own cases: status filter, newest first, pages 1–5",
            "commune",
            False,
            {"status": "under_verification", "sort": "-received"},
        ),
        (
            "list_api_supervisor_status",
            "Case list API, provincial supervisor: status filter, newest first, 50 a page, pages 1–5",
            "supervisor",
            True,
            {"status": "under_verification", "sort": "-received"},
        ),
    ]


def list_measures(cfg, db, plan, scopes):
    """Each list measure: who, what, and its request instances (path plus the filters for the SQL)."""
    rng = random.Random(f"bench-search-{cfg.seed}")
    specs = _list_specs(cfg)
    from . import inprocess

    measures = {}
    with db.connect() as conn:
        import psycopg

        cursor = psycopg.ClientCursor(conn)
        for name, title, who, is_api, query in specs:
            size = 50 if is_api else 25
            filters = {k: v for k, v in query.items() if k != "sort"}
            _page, count_sql, params = bench_sql.list_queries(scopes[who], filters, query["sort"], 1, size)
            total = cursor.execute(count_sql, params).fetchone()[0]
            pages = max(1, min(5, math.ceil(total / size)))
            instances = []
            for page in range(1, pages + 1):
                q = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in query.items()}
                path = ("/api/cases/?" if is_api else "/cases/?") + urlencode(q | {"page": page})
                instances.append({"path": path, "filters": filters, "sort": query["sort"], "page": page})
            measures[name] = {"title": title, "who": who, "api": is_api, "page_size": size, "instances": instances}
        names = [c["person_full_name"] for c in plan["supervisor_cases"][:DISTINCT]]
        searches = []
        for full_name in names:
            text = search_text(full_name, rng)
            keys = inprocess.search_keys(text)
            searches.append(
                {
                    "path": "/cases/?" + urlencode({"q": text}),
                    "filters": {"name_keys": keys},
                    "sort": "-received",
                    "page": 1,
                }
            )
        measures["search_name"] = {
            "title": "Name search, provincial supervisor: no accents, words shuffled (first page)",
            "who": "supervisor",
            "api": False,
            "page_size": 25,
            "instances": searches,
        }
        numbers = [c["number"] for c in plan["supervisor_cases"][:DISTINCT]]
        measures["search_number"] = {
            "title": "Case-number lookup, provincial supervisor",
            "who": "supervisor",
            "api": False,
            "page_size": 25,
            "instances": [
                {
                    "path": "/cases/?" + urlencode({"q": n}),
                    "filters": {"number": n},
                    "sort": "-received",
                    "page": 1,
                    "expect": n,
                }
                for n in numbers
            ],
        }
    return measures
