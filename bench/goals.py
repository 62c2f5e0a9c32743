"""The goals at 1,000,000 cases and the results table: every figure of the run, with its goal and
whether it was met where there is one (bench/report.py writes it as Markdown)."""

GOAL_MS = 100
GOAL_DUPLICATE_MS = 200
GOAL_SQL_RATIO = 2.0
GOAL_THROUGHPUT_SHARE = 0.15
GOAL_AUDIT_SHARE = 0.10
GOAL_SEED_MINUTES = 15
GOAL_WORKER_MB = 300
GOAL_ENTITLEMENTS_MS = 5


class _Table:
    def __init__(self):
        self.rows = []

    def add(self, measure, goal=None, met=None, **values):
        self.rows.append({"measure": measure, "goal": goal, "met": met, **values})


def results_table(*, latency, sql_results, throughput, audit, seeding, peak, entitlements=None):
    """The table's rows in order: latency, each list's and page's SQL, the entitlement engine, throughput,
    audit, seeding, memory.

    Also records on each of ``sql_results`` its two ratios to the hand-written SQL (they go into the JSON too).
    """
    table = _Table()
    _latency_rows(table, latency)
    _sql_rows(table, sql_results, latency)
    if entitlements is not None:
        _entitlement_rows(table, entitlements)
    _throughput_rows(table, throughput)
    _audit_rows(table, audit)
    _seeding_rows(table, seeding)
    table.add(
        "Peak memory of a web worker (VmHWM, largest worker)",
        f"≤ {GOAL_WORKER_MB} MB",
        peak is not None and peak <= GOAL_WORKER_MB,
        key="memory.worker_peak",
        value=peak,
        unit="MB",
    )
    return table.rows


def _latency_rows(table, latency):
    for name, row in latency.items():
        goal = row.get("goal_p95_ms")
        table.add(
            row["title"],
            f"p95 ≤ {goal} ms" if goal else None,
            (row["p95_ms"] <= goal and not row["errors"]) if goal and row["p95_ms"] is not None else None,
            key=f"latency.{name}",
            p50_ms=row["p50_ms"],
            p95_ms=row["p95_ms"],
            p99_ms=row["p99_ms"],
        )


def _sql_rows(table, sql_results, latency):
    for name, row in sql_results.items():
        http_p95 = latency[name]["p95_ms"]
        hand_p95 = row["hand_sql"]["p95_ms"]
        row["ratio_http_p95_to_hand_sql_p95"] = round(http_p95 / hand_p95, 2) if hand_p95 else None
        row["ratio_app_sql_p95_to_hand_sql_p95"] = (
            round(row["app_sql"]["p95_ms"] / hand_p95, 2) if hand_p95 and row["app_sql"]["p95_ms"] else None
        )
        table.add(
            f"{name}: hand-written SQL lower bound ({row.get('hand_what', 'page + count')})",
            key=f"sql.{name}.hand",
            p50_ms=row["hand_sql"]["p50_ms"],
            p95_ms=row["hand_sql"]["p95_ms"],
            p99_ms=row["hand_sql"]["p99_ms"],
        )
        # The goal is the list's query against the best one for the same rows (decision 14); the
        # whole request against that query is shown beside it, without a goal.
        differ = "" if row["same_rows"] else " (rows differ!)"
        table.add(
            f"{name}: the {'page' if 'hand_what' in row else 'list'}'s own SQL p95 ÷ SQL lower bound p95{differ}",
            f"≤ {GOAL_SQL_RATIO:g}×",
            row["same_rows"]
            and row["ratio_app_sql_p95_to_hand_sql_p95"] is not None
            and row["ratio_app_sql_p95_to_hand_sql_p95"] <= GOAL_SQL_RATIO,
            key=f"sql.{name}.ratio_app_sql",
            value=row["ratio_app_sql_p95_to_hand_sql_p95"],
            unit="×",
            digits=1,
        )
        if "sum_of_records_sql" in row:
            table.add(
                f"{name}: for comparison, the same rows summed from the year's records (no months kept)",
                key=f"sql.{name}.sum_of_records",
                p50_ms=row["sum_of_records_sql"]["p50_ms"],
                p95_ms=row["sum_of_records_sql"]["p95_ms"],
                p99_ms=row["sum_of_records_sql"]["p99_ms"],
            )
        table.add(
            f"{name}: for comparison, the whole HTTP request p95 ÷ SQL lower bound p95",
            key=f"sql.{name}.ratio_http",
            value=row["ratio_http_p95_to_hand_sql_p95"],
            unit="×",
            digits=1,
        )


def _entitlement_rows(table, entitlements):
    for key, title in (
        ("for_case", "Entitlements of one case in process: `for_case` (its reads of the ledger and the answer)"),
        ("pure", "Entitlements in process: the pure `entitlements()` over a rule snapshot (facts read before)"),
    ):
        row = entitlements[key]
        table.add(
            title,
            f"p95 ≤ {GOAL_ENTITLEMENTS_MS} ms",
            row["p95_ms"] is not None and row["p95_ms"] <= GOAL_ENTITLEMENTS_MS,
            key=f"entitlements.{key}",
            p50_ms=row["p50_ms"],
            p95_ms=row["p95_ms"],
            p99_ms=row["p99_ms"],
        )


def _throughput_rows(table, throughput):
    detail, bare = throughput["detail_page"], throughput["bare_view"]
    table.add(
        f"Throughput, case page (concurrency {detail['concurrency']})",
        key="throughput.detail_page",
        value=detail["requests_per_second"],
        unit="req/s",
    )
    table.add(
        f"Throughput, bare view (concurrency {bare['concurrency']})",
        key="throughput.bare_view",
        value=bare["requests_per_second"],
        unit="req/s",
    )
    share = throughput["detail_share_of_bare"]
    table.add(
        "Case page throughput as a share of the bare view's",
        f"≥ {GOAL_THROUGHPUT_SHARE:.0%}",
        share is not None and share >= GOAL_THROUGHPUT_SHARE and not detail["errors"],
        key="throughput.share",
        value=round(share * 100, 1) if share is not None else None,
        unit="%",
    )


def _audit_rows(table, audit):
    table.add(
        "Audit writing as a share of the case page (its INSERT's time inside each request ÷ that request's "
        "time, median)",
        f"≤ {GOAL_AUDIT_SHARE:.0%}",
        audit["share"] is not None and audit["share"] <= GOAL_AUDIT_SHARE,
        key="audit.share",
        value=round(audit["share"] * 100, 1) if audit["share"] is not None else None,
        unit="%",
    )
    table.add(
        "For comparison: `audit_record` alone in process, turn about with the page (p50 ÷ page p50)",
        None,
        None,
        key="audit.share_audit_record_alone",
        value=round(audit["share_audit_record_alone"] * 100, 1)
        if audit["share_audit_record_alone"] is not None
        else None,
        unit="%",
    )


def _seeding_rows(table, seeding):
    table.add(
        "Seeding rate (seed_demo"
        + (", from the run that seeded this reused database)" if seeding.get("reused") else ")"),
        key="seeding.rate",
        value=seeding.get("cases_per_second"),
        unit="cases/s",
    )
    table.add(
        f"Time to seed 1,000,000 cases ({seeding['minutes_for_1m_is']})",
        f"≤ {GOAL_SEED_MINUTES} min",
        seeding["minutes_for_1m"] is not None and seeding["minutes_for_1m"] <= GOAL_SEED_MINUTES,
        key="seeding.minutes_for_1m",
        value=seeding["minutes_for_1m"],
        unit="min",
    )
