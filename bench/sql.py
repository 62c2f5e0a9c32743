# ruff: noqa: S608 - fixed SQL fragments joined; every value is a bound parameter
"""Hand-written SQL for each measured case list: the database's lower bound for the same page of rows.

For a list the page needs two answers: the page of rows (in the page's order) and the total count
(the list shows "N cases"). Each is written the way a person tuning PostgreSQL by hand would, on
the schema and indexes as they are:

* for a list, three shapes, all timed, the fastest one being the lower bound: ``union``, the access
  scope as a UNION of index-friendly branches (cases of the province the supervisor oversees; cases
  the agency takes part in; cases opened by break-glass), each branch already sorted and cut to the
  rows the page can need; ``filter``, the scope as one condition checked row by row, which wins
  when nearly every case of the agency lies in its province; and ``window``, the ``filter`` shape
  counted in the page's own read (``count(*) OVER ()``), which wins when no index gives the order
  and every matching row must be read and sorted anyway;
* for a case number (one candidate), the ``filter`` shape: the candidate first, then the scope
  checked on it; a name search is timed in every shape, its persons found through the GIN index on
  their search keys (``cases_person.name_search``);
* an agency's participations carry their case's date received and number (``case_received_at``,
  ``case_number``): its branch is read from the participations' own index;
* participations the schema flags as inside the agency's own jurisdiction
  (``in_agency_jurisdiction``) are left out of a supervisor's participation branch: the province
  branch has them already;
* only the columns the page shows (the encrypted name is fetched, its decryption is the app's work);
* dates as a range of ``received_at`` in Asia/Ho_Chi_Minh, so an index on it can be used.

The database is vacuumed and analysed after seeding (as autovacuum leaves a production database),
so both these queries and the application's are planned with statistics.

The benchmark checks that these queries return the same case ids, in the same order, as the
application's own queries; a mismatch is reported (``same_rows: false``) rather than hidden.
"""

import datetime
import time
import zoneinfo

TIME_ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

ORDER = {
    "-received": ("c.received_at DESC, c.number DESC", "s.received_at DESC, s.number DESC"),
    # Byte order (COLLATE "C"), so that the planner does not walk the number index (see
    # ``CaseListing._case_order``); a person tuning by hand would do the same.
    "number": ('c.number COLLATE "C" ASC', 's.number COLLATE "C" ASC'),
}


def _local_midnight(day):
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=TIME_ZONE)


# List filters that are one column equal to a value: {filter: column of the case}.
EQUAL_FILTERS = {"status": "status", "channel": "channel", "age_group": "age_group", "sex": "person_sex"}


def _conditions(filters, params):
    """SQL conditions on alias ``c`` for the list filters the benchmark uses."""
    conds = []
    for name, column in EQUAL_FILTERS.items():
        if filters.get(name):
            conds.append(f"c.{column} = %({name})s")
            params[name] = filters[name]
    if filters.get("exploitation"):
        conds.append("c.exploitation_forms LIKE %(exploitation)s")
        # Escaped as Django escapes it: the predicate is then the one each form's index is built on.
        params["exploitation"] = "%|{}|%".format(filters["exploitation"].replace("_", "\\_"))
    if filters.get("received_from"):
        conds.append("c.received_at >= %(from_ts)s")
        params["from_ts"] = _local_midnight(filters["received_from"])
    if filters.get("received_to"):
        conds.append("c.received_at < %(to_ts)s")
        params["to_ts"] = _local_midnight(filters["received_to"] + datetime.timedelta(days=1))
    if filters.get("number"):
        conds.append("c.number = %(number)s")
        params["number"] = filters["number"]
    if filters.get("name_keys") is not None:
        keys = sorted(set(filters["name_keys"]))
        if not keys:
            conds.append("false")
        else:
            # Each person's search keys, intersected in the GIN index on their array.
            conds.append(
                "c.person_id IN (SELECT k.id FROM cases_person k "
                "WHERE string_to_array(k.name_search, ' ') @> %(name_keys)s::text[])"
            )
            params["name_keys"] = keys
    return conds


P_ORDER = {"-received": "p.case_received_at DESC, p.case_number DESC", "number": "p.case_number ASC"}


# The case's columns a participation carries a copy of (``case_<column>``).
P_COPIES = {"received_at", "number", "status", "channel", "age_group", "person_sex", "exploitation_forms"}


def _participation_conditions(filters, params):
    """The list filters said from a participation (alias ``p``): the copies where there are, else the case."""
    conds, needs_case = [], False
    for cond in _conditions(filters, params):
        column = cond.split(" ", 1)[0].removeprefix("c.")
        if column in P_COPIES:
            conds.append(f"p.case_{column} " + cond.split(" ", 1)[1])
        else:
            conds.append(cond)
            needs_case = True
    return {"conds": conds, "needs_case": needs_case}


def _page(candidates, order_s, order_c, total=""):
    """The page of ``candidates`` (id, received_at, number), then only the columns the list shows
    (and ``total``, when the candidates carry the count)."""
    return (
        f"WITH page AS (SELECT s.id, s.received_at, s.number{total and ', s.total'} FROM ({candidates}) s "
        f"ORDER BY {order_s} LIMIT %(limit)s OFFSET %(offset)s) "
        "SELECT c.id, c.number, c.status, c.channel, c.received_at, c.person_sex, c.age_group, "
        f"a.name, p.full_name, p.birth_year{total and ', page.total'} "
        "FROM page JOIN cases_case c ON c.id = page.id JOIN cases_person p ON p.id = c.person_id "
        f"JOIN directory_agency a ON a.id = c.receiving_agency_id ORDER BY {order_c}"
    )


def shapes(filters):
    """The hand-written shapes worth timing for these filters."""
    return ("filter",) if filters.get("number") else ("union", "filter", "window")


def list_queries(scope, filters, sort, page, page_size, shape="union"):
    """``(page_sql, count_sql, params)`` for one list request, in the given shape (see above).

    ``scope``: ``{"province": code or None, "agency": id, "user": id}``; ``province`` is set when the
    actor oversees every case of a province (a jurisdiction supervisor), as in the access policy.
    """
    params = {"agency": scope["agency"], "user": scope["user"]}
    conds = _conditions(filters, params)
    where = "".join(f" AND {c}" for c in conds)
    order_c, order_s = ORDER[sort]
    params["upto"] = page * page_size
    params["limit"] = page_size
    params["offset"] = (page - 1) * page_size
    # For an actor who oversees a province, participations flagged as inside the agency's own
    # jurisdiction are already covered by the province: only the others need looking at.
    outside = " AND NOT p.in_agency_jurisdiction" if scope.get("province") is not None else ""
    if shape in ("filter", "window"):
        in_scope = [
            "EXISTS (SELECT 1 FROM cases_caseparticipant p WHERE p.case_id = c.id AND p.agency_id = %(agency)s "
            f"AND p.is_active{outside})",
            "EXISTS (SELECT 1 FROM access_breakglassgrant g WHERE g.case_id = c.id AND g.user_id = %(user)s "
            "AND g.expires_at > now())",
        ]
        if scope.get("province") is not None:
            params["province"] = scope["province"]
            in_scope.insert(0, "c.province_id = %(province)s")
        found = f"FROM cases_case c WHERE ({' OR '.join(in_scope)}){where}"
        if shape == "window":  # counted in the same read as the page, by a window over the rows found
            candidates = f"SELECT c.id, c.received_at, c.number, count(*) OVER () AS total {found}"
            return _page(candidates, order_s, order_c, total="total"), None, params
        return (
            _page(f"SELECT c.id, c.received_at, c.number {found}", order_s, order_c),
            f"SELECT count(*) {found}",
            params,
        )
    participates = (
        f"SELECT p.case_id FROM cases_caseparticipant p WHERE p.agency_id = %(agency)s AND p.is_active{outside}"
    )
    grants = "SELECT g.case_id FROM access_breakglassgrant g WHERE g.user_id = %(user)s AND g.expires_at > now()"
    # The agency's participations carry copies of their case's date received and number: the
    # branch is read from the participations' index, joining the case only to test other filters.
    on_p = _participation_conditions(filters, params)
    joined = " JOIN cases_case c ON c.id = p.case_id" if on_p["needs_case"] else ""
    p_where = "".join(f" AND {cond}" for cond in on_p["conds"])
    participations = (
        f"FROM cases_caseparticipant p{joined} WHERE p.agency_id = %(agency)s AND p.is_active{outside}{p_where}"
    )
    branches = [
        f"(SELECT DISTINCT p.case_id AS id, p.case_received_at AS received_at, p.case_number AS number "
        f"{participations} ORDER BY {P_ORDER[sort]} LIMIT %(upto)s)",
        f"(SELECT c.id, c.received_at, c.number FROM cases_case c WHERE c.id IN ({grants}) "
        f"AND c.id NOT IN ({participates}){where} ORDER BY {order_c} LIMIT %(upto)s)",
    ]
    grants_count = (
        f"(SELECT count(*) FROM cases_case c WHERE c.id IN ({grants}) AND c.id NOT IN ({participates}){where})"
    )
    participations_count = f"(SELECT count(DISTINCT p.case_id) {participations})"
    if scope.get("province") is not None:
        params["province"] = scope["province"]
        branches.insert(
            0,
            f"(SELECT c.id, c.received_at, c.number FROM cases_case c WHERE c.province_id = %(province)s{where} "
            f"ORDER BY {order_c} LIMIT %(upto)s)",
        )
    page_sql = _page(" UNION ".join(branches), order_s, order_c)
    if scope.get("province") is not None:
        shared = f"c.id IN ({participates} UNION {grants})"
        count_sql = (
            f"SELECT (SELECT count(*) FROM cases_case c WHERE c.province_id = %(province)s{where}) + "
            f"(SELECT count(*) FROM cases_case c WHERE c.province_id <> %(province)s AND {shared}{where})"
        )
    else:
        count_sql = f"SELECT {participations_count} + {grants_count}"
    return page_sql, count_sql, params


def timed(cursor, sql, params=None):
    started = time.perf_counter()
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    return time.perf_counter() - started, rows


# ---- support and shelters -------------------------------------------------------------------------
# One read each, the way a person would write it on the same schema and indexes; each returns the rows the
# page shows (checked against what the application's selectors return: ``bench/support.py``).

COUNTING = ("recorded", "approved")  # support.vocab.COUNTING_STATUSES


def ledger_queries(case_id):
    """A case's ledger page: its records, newest first, with the item and the agencies' names; its decisions."""
    params = {"case": case_id}
    records = (
        "SELECT r.id, r.item_code, r.beneficiary, r.provider_kind, r.provider_name, r.date_from, r.date_to, "
        "r.quantity, r.unit_rate, r.amount, r.amount_in_words, r.status, r.decision_id, r.version, "
        "i.name_vi, i.name_en, i.unit, pa.name, ra.name "
        "FROM support_supportrecord r JOIN support_entitlementitem i ON i.id = r.item_id "
        "LEFT JOIN directory_agency pa ON pa.id = r.provider_agency_id "
        "JOIN directory_agency ra ON ra.id = r.recording_agency_id "
        "WHERE r.case_id = %(case)s ORDER BY r.date_from DESC, r.id DESC"
    )
    decisions = (
        "SELECT d.id, d.kind, d.item_code, d.extra_units, d.decided_on, a.name FROM support_supportdecision d "
        "JOIN directory_agency a ON a.id = d.agency_id WHERE d.case_id = %(case)s ORDER BY d.decided_on DESC, d.id DESC"
    )
    return [(records, params), (decisions, params)]


def ledger_api_queries(case_id):
    """The ledger through the API: the records' own columns, newest first."""
    sql = (
        "SELECT r.id, r.item_code, r.regime_code, r.beneficiary, r.provider_kind, r.provider_agency_id, "
        "r.provider_name, r.date_from, r.date_to, r.quantity, r.unit_rate, r.amount, r.amount_in_words, "
        "r.funding_source, r.receipt_id, r.decision_id, r.status, r.recording_agency_id, r.approved_at, r.version, "
        "r.outcome FROM support_supportrecord r WHERE r.case_id = %(case)s ORDER BY r.date_from DESC, r.id DESC"
    )
    return [(sql, {"case": case_id})]


def occupancy_queries(province_id, agency_id):
    """The facilities an officer may see (of their province, or their own) with places and current residents
    by group: one read, current stays counted from the partial index of current stays."""
    sql = (
        "SELECT a.id, fp.group, fp.places, "
        "(SELECT count(*) FROM shelters_stay s WHERE s.facility_id = a.id AND s.group = fp.group "
        "AND s.discharged_on IS NULL) AS current, a.name, pr.name "
        "FROM directory_agency a JOIN shelters_facilityplaces fp ON fp.facility_id = a.id "
        "LEFT JOIN geo_province pr ON pr.code = a.province_id "
        "WHERE a.is_active AND (a.province_id = %(province)s OR a.id = %(agency)s) "
        "ORDER BY a.province_id, a.name, fp.group"
    )
    return [(sql, {"province": province_id, "agency": agency_id})]


def facility_queries(facility_id):
    """A facility's page: places and current residents by group, and the residents with case and person."""
    params = {"facility": facility_id}
    occupancy = (
        "SELECT fp.group, fp.places, (SELECT count(*) FROM shelters_stay s WHERE s.facility_id = fp.facility_id "
        "AND s.group = fp.group AND s.discharged_on IS NULL) FROM shelters_facilityplaces fp "
        "WHERE fp.facility_id = %(facility)s ORDER BY fp.group"
    )
    residents = (
        "SELECT s.id, s.case_id, s.group, s.admitted_on, s.allowed_until, c.number, p.full_name "
        "FROM shelters_stay s JOIN cases_case c ON c.id = s.case_id JOIN cases_person p ON p.id = c.person_id "
        "WHERE s.facility_id = %(facility)s AND s.discharged_on IS NULL ORDER BY s.group, s.admitted_on, s.id"
    )
    return [(occupancy, params), (residents, params)]


def spending_queries(agency_id, year):
    """An agency's own spending in a year, by regime and month: the months the services keep (decision 0040)."""
    sql = (
        "SELECT m.regime_code, m.month, m.total, m.records FROM support_spendingmonth m "
        "WHERE m.agency_id = %(agency)s AND m.month BETWEEN %(start)s AND %(end)s AND m.records > 0 "
        "ORDER BY m.month, m.regime_code"
    )
    return [(sql, {"agency": agency_id, "start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 1)})]


def spending_from_records_queries(agency_id, year):
    """For comparison: the same rows summed from the year's records themselves, as the view read them before."""
    sql = (
        "SELECT r.regime_code, date_trunc('month', r.date_from)::date AS month, sum(r.amount), count(*) "
        "FROM support_supportrecord r WHERE r.recording_agency_id = %(agency)s "
        "AND r.date_from BETWEEN %(start)s AND %(end)s AND r.status = ANY(%(counting)s) "
        "GROUP BY 1, 2 ORDER BY 2, 1"
    )
    params = {
        "agency": agency_id,
        "start": datetime.date(year, 1, 1),
        "end": datetime.date(year, 12, 31),
        "counting": list(COUNTING),
    }
    return [(sql, params)]
