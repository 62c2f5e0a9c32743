"""The rule row of referrals: how long a recipient agency has to answer, when it is reminded and when
its supervisors are told. No figure of MISSION.md "Legal basis" sets it: it ships as an editable row
marked "to confirm" (``verified=False``), citing the law on cooperation between agencies in supporting
victims, under which the days are the ministry's practice.

Loaded by the data migration ``0002_seed_rules`` and, for test databases built from the models, by the
``post_migrate`` handler in ``apps.py`` (idempotent: missing rows only).
"""

import datetime

ROWS = [
    {
        "effective_from": datetime.date(2025, 7, 1),
        "effective_to": None,
        "answer_days": 3,
        "counting": "working_days",
        "remind_days_before": 1,
        "escalate_days_after": 2,
        "citation_document": "Law 53/2024/QH15 on human trafficking prevention and combat",
        "citation_document_vi": "Luật Phòng, chống mua bán người số 53/2024/QH15",
        "verified": False,
        "notes": "To confirm: the article on cooperation between agencies in supporting victims; the days are "
        "the system's practice, not a figure of the law.",
    }
]


def load(rule_model):
    """Write the rows that are missing (by start date); the number written."""
    created = 0
    for row in ROWS:
        _, made = rule_model.objects.get_or_create(effective_from=row["effective_from"], defaults=row)
        created += made
    return created
