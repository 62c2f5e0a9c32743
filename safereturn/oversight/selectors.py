"""What an auditor may read of the audit trail, and the labels it is shown with.

An auditor reads the events of their jurisdiction, as case data is scoped
(``access.policy.jurisdiction.territory``): those written by the agencies of their province (or
commune), and those about the cases that lie there; the ministry's auditors (a national agency)
read every event.
"""

import uuid

from django.apps import apps
from django.db import connection
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Replace
from django.utils.translation import gettext_lazy as _

from safereturn.access.policy.jurisdiction import territory
from safereturn.audit.models import AuditEvent
from safereturn.cases.models import Case
from safereturn.directory.models import Agency, Role

# What the application names in ``AuditEvent.object_type``; admin changes name a model's label.
OBJECT_TYPES = {
    "case": _("Case"),
    "case_list": _("Case list"),
    "case_figures": _("Case figures"),
    "case_document": _("Case document"),
    "case_note": _("Case note"),
    "consent": _("Consent"),
    "person": _("Person"),
    "duplicate_check": _("Duplicate check"),
    "evidence": _("Evidence"),
    "identification_decision": _("Identification decision"),
    "verification_task": _("Verification task"),
    "tip": _("Tip"),
    "tip_list": _("Tip list"),
    "register_entry": _("Commune register entry"),
    "register_list": _("Commune register"),
    "membership": _("Role in an agency"),
    "user": _("User account"),
    "audit_trail": _("Audit trail"),
    "audit_event": _("Audit event"),
    "emergency_access_list": _("Emergency access list"),
    "unreached_notice": _("Notice that reached nobody"),
}


def _about_cases(events, cases):
    """``events`` about one of ``cases``: ``object_id`` holds ``str(uuid)``. PostgreSQL casts a UUID
    to that same text, so the (object type, object id) index serves; SQLite (the demo) stores UUIDs
    as 32 hex digits, so both sides are compared without hyphens there."""
    if connection.vendor == "postgresql":
        return events, Q(object_type="case", object_id__in=cases.annotate(key=Cast("pk", CharField())).values("key"))
    hex_ids = cases.annotate(key=Replace(Cast("pk", CharField()), Value("-"), Value(""))).values("key")
    events = events.annotate(case_key=Replace("object_id", Value("-"), Value("")))
    return events, Q(object_type="case", case_key__in=hex_ids)


def visible_audit_events(actor):
    """The audit events ``actor`` (an auditor) may read, newest first."""
    events = AuditEvent.objects.order_by("-id")
    where = territory(actor.agency)
    if where is None:
        return events
    events, about_cases = _about_cases(events, Case.objects.filter(where))
    return events.filter(Q(agency_id__in=Agency.objects.filter(where).values("pk")) | about_cases)


def events_of_case_number(events, number):
    """``events`` about the case numbered ``number`` (none when no case has it)."""
    ids = [str(pk) for pk in Case.objects.filter(number=number.strip()).values_list("pk", flat=True)]
    return events.filter(object_type="case", object_id__in=ids)


def object_type_label(code):
    if code in OBJECT_TYPES:
        return OBJECT_TYPES[code]
    if "." in code:
        try:
            return apps.get_model(code)._meta.verbose_name
        except (LookupError, ValueError):
            return code
    return code


def role_label(code):
    return Role(code).label if code in Role.values else code


def agency_names(events):
    """{agency id: name} for the agencies ``events`` name."""
    ids = {event.agency_id for event in events if event.agency_id}
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))


def case_numbers(events):
    """{object id: case number} for the cases ``events`` are about (shown instead of the case's id)."""
    ids = set()
    for event in events:
        if event.object_type == "case":
            try:
                ids.add(uuid.UUID(event.object_id))
            except ValueError:
                continue
    return {str(pk): number for pk, number in Case.objects.filter(pk__in=ids).values_list("pk", "number")}
