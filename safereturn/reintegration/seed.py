"""The rule rows of reintegration: how often a support plan is reviewed, and when follow-up visits fall
due after a return (1, 3 and 6 months by default, as issue 17 asks). Neither figure is in MISSION.md
"Legal basis": both ship as editable rows marked "to confirm" (``verified=False``), with the document
they are expected to come from as the citation.

Loaded by the data migration ``0002_seed_rules`` and, for test databases built from the models, by the
``post_migrate`` handler in ``apps.py`` (idempotent: missing rows only).
"""

import datetime

NEW_LAW_FROM = datetime.date(2025, 7, 1)
OLD_LAW_TO = datetime.date(2025, 6, 30)
OLD_LAW_FROM = datetime.date(2012, 1, 1)

NEW = {
    "citation_document": "Decree 162/2025/NĐ-CP (support for victims of trafficking)",
    "citation_document_vi": "Nghị định số 162/2025/NĐ-CP",
    "effective_from": NEW_LAW_FROM,
    "effective_to": None,
}
OLD = {
    "citation_document": "Joint Circular 01/2014/TTLT-BCA-BQP-BLĐTBXH-BNG",
    "citation_document_vi": "Thông tư liên tịch số 01/2014/TTLT-BCA-BQP-BLĐTBXH-BNG",
    "effective_from": OLD_LAW_FROM,
    "effective_to": OLD_LAW_TO,
}
NOTE = "To confirm: the interval is the programme's practice, not a figure of MISSION.md's legal basis."

PLAN_REVIEW_DAYS = 90
FOLLOW_UP_MONTHS = {1: 1, 2: 3, 3: 6}


def plan_review_rows():
    return [{**period, "interval_days": PLAN_REVIEW_DAYS, "verified": False, "notes": NOTE} for period in (OLD, NEW)]


def follow_up_rows():
    return [
        {**period, "sequence": sequence, "months_after_return": months, "verified": False, "notes": NOTE}
        for period in (OLD, NEW)
        for sequence, months in FOLLOW_UP_MONTHS.items()
    ]


def load(plan_review_model, follow_up_model):
    """Write the rows that are missing (by their key and start date); the number written."""
    created = 0
    for row in plan_review_rows():
        _, made = plan_review_model.objects.get_or_create(effective_from=row["effective_from"], defaults=row)
        created += made
    for row in follow_up_rows():
        _, made = follow_up_model.objects.get_or_create(
            effective_from=row["effective_from"], sequence=row["sequence"], defaults=row
        )
        created += made
    return created
