"""Give the identification events written before they had their own kinds those kinds.

Until then, verification-task events were ``status_changed`` with ``subject: "verification_task"`` (an assignment
carried the ``due_date``), and evidence and certificates of return were ``document_added`` with ``subject`` set.
A decision only showed as the case's ``status_changed``; no ``decision_recorded`` event is made up for old ones.
"""

from django.db import migrations

TASK = {"data__subject": "verification_task"}


def forwards(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    tasks = CaseEvent.objects.filter(kind="status_changed", **TASK)
    tasks.filter(data__has_key="due_date").update(kind="verification_task_assigned")
    tasks.update(kind="verification_task_changed")
    CaseEvent.objects.filter(kind="document_added", data__subject="evidence").update(kind="evidence_recorded")
    CaseEvent.objects.filter(kind="document_added", data__subject="return_certificate").update(
        kind="return_certificate_recorded"
    )


def backwards(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    CaseEvent.objects.filter(kind__in=["verification_task_assigned", "verification_task_changed"], **TASK).update(
        kind="status_changed"
    )
    CaseEvent.objects.filter(kind__in=["evidence_recorded", "return_certificate_recorded"]).update(
        kind="document_added"
    )
    # ``decision_recorded`` and ``verification_due_date_changed`` have no old equivalent: they stay as they are
    # (the timeline then shows their code) rather than being deleted.


class Migration(migrations.Migration):
    dependencies = [
        ("identification", "0002_task_status_before_overdue"),
        ("cases", "0002_identification_event_kinds"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
