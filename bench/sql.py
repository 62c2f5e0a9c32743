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
