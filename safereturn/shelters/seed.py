"""The stay cap rows the system starts with, loaded by a data migration (and, on a test database built
from the models, after ``migrate``; see ``apps.py``). A row an administrator has since changed is
never overwritten: rows are matched by their start date and only missing ones are created.

- From 1 July 2025 (Decree 162/2025/NĐ-CP): essential needs — food, clothing, personal items and
  temporary accommodation — for at most 120 days, extendable by decision (MISSION.md, "Legal basis").
- Before (cases received earlier keep these rules): food while in a facility for at most 3 months
  (Decree 09/2013/NĐ-CP; amounts in Circular 84/2019/TT-BTC).

The figures are those of MISSION.md; the articles and clauses, and the warning lead time (14 days, an
operational choice), are to confirm: every row is seeded "to confirm" (verified=False).
"""

import datetime

from .models import StayCapRule

NEW_REGIME_FROM = datetime.date(2025, 7, 1)
OLD_REGIME_TO = datetime.date(2025, 6, 30)
OLD_REGIME_FROM = datetime.date(2012, 1, 1)
WARN_DAYS = 14


def cap_rows():
    return [
        {
            "effective_from": OLD_REGIME_FROM,
            "effective_to": OLD_REGIME_TO,
            "length": 3,
            "unit": "months",
            "warn_days": WARN_DAYS,
            "citation_document": "Decree 09/2013/NĐ-CP; Circular 84/2019/TT-BTC",
            "citation_document_vi": "Nghị định số 09/2013/NĐ-CP; Thông tư số 84/2019/TT-BTC",
            "verified": False,
            "notes": (
                "Food while in a support facility for at most 3 months (MISSION.md, Legal basis). Article and "
                "clause to confirm; the warning lead time (14 days) is an operational choice, to confirm."
            ),
        },
        {
            "effective_from": NEW_REGIME_FROM,
            "effective_to": None,
            "length": 120,
            "unit": "days",
            "warn_days": WARN_DAYS,
            "citation_document": "Decree 162/2025/NĐ-CP (29/6/2025)",
            "citation_document_vi": "Nghị định số 162/2025/NĐ-CP ngày 29/6/2025 của Chính phủ",
            "verified": False,
            "notes": (
                "Essential needs at most 120 days, extendable by decision (MISSION.md, Legal basis). Article and "
                "clause to confirm; the warning lead time (14 days) is an operational choice, to confirm."
            ),
        },
    ]


def load_caps(rule_model):
    """Create the missing stay cap rows (matched by start date); returns how many were created."""
    created = 0
    for row in cap_rows():
        if not rule_model.objects.filter(effective_from=row["effective_from"]).exists():
            rule_model.objects.create(**row)
            created += 1
    return created


def load_after_migrate(using="default"):
    """The stay cap rows on a database built from the models (``rules.loaders``): when the table is empty."""
    if StayCapRule.objects.using(using).exists():
        return 0
    return load_caps(StayCapRule.objects.db_manager(using).model)
