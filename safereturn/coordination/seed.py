"""The reminder rule row the system starts with (a data migration, and after ``migrate`` on a test
database built from the models; see ``apps.py``). A row an administrator changed is never overwritten.

The lead time (3 days) is an operational choice, not a figure of MISSION.md: seeded "to confirm"."""

import datetime

FROM = datetime.date(2025, 7, 1)


def reminder_rows():
    return [
        {
            "effective_from": FROM,
            "effective_to": None,
            "lead_days": 3,
            "citation_document": "To confirm: the province's coordination regulation (quy chế phối hợp)",
            "citation_document_vi": "Cần xác nhận: quy chế phối hợp liên ngành của tỉnh",
            "verified": False,
            "notes": "Reminder 3 days before an action item is due: an operational choice, to confirm.",
        }
    ]


def load_reminder_rules(rule_model):
    created = 0
    for row in reminder_rows():
        if not rule_model.objects.filter(effective_from=row["effective_from"]).exists():
            rule_model.objects.create(**row)
            created += 1
    return created
