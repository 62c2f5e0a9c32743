"""Reads of case data — always through the access policy's scope."""

import datetime

from django.db.models import Q
from django.utils import timezone

from safereturn.access import policy

from . import duplicates
from .models import Case, CaseEvent, CaseNote, PersonNameKey

SORTS = {
    "received": "received_at",
    "-received": "-received_at",
    "number": "number",
    "-number": "-number",
    "status": "status",
    "-status": "-status",
}


def case_list(actor, filters=None, sort="-received"):
    """The actor's cases, filtered and sorted; identity fields stay encrypted until displayed (masked)."""
    filters = filters or {}
    qs = policy.visible_cases(actor).select_related("person", "receiving_agency", "province", "commune")
    for name in ("status", "channel", "route", "age_group", "province_id", "commune_id", "receiving_agency_id"):
        value = filters.get(name)
        if value:
            qs = qs.filter(**{name: value})
    if filters.get("sex"):
        qs = qs.filter(person_sex=filters["sex"])
    if filters.get("exploitation"):
        qs = qs.filter(exploitation_forms__contains=f"|{filters['exploitation']}|")
    # Whole local days as a timestamp range: the (province, received_at) index serves it, which
    # a filter on the date part of received_at could not.
    if filters.get("received_from"):
        qs = qs.filter(received_at__gte=_start_of_day(filters["received_from"]))
    if filters.get("received_to"):
        qs = qs.filter(received_at__lt=_start_of_day(filters["received_to"] + datetime.timedelta(days=1)))
    query = (filters.get("q") or "").strip()
    if query:
        qs = qs.filter(_search_q(query))
    return qs.order_by(SORTS.get(sort, "-received_at"), "-number")


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _search_q(query):
    """A case number, or a name (accent-insensitive, any order): every token must match a blind key."""
    if query[:2].isdigit() and "-" in query:
        return Q(number=query.strip())
    keys = duplicates.search_keys(query)
    if not keys:
        return Q(pk__in=[])
    person_ids = None
    for key in keys:
        ids = PersonNameKey.objects.filter(key=key).values("person_id")
        person_ids = ids if person_ids is None else person_ids.filter(person_id__in=ids)
    return Q(person_id__in=person_ids)


def case_timeline(actor, case):
    return CaseEvent.objects.filter(case=case).select_related("actor", "agency")


def case_notes(actor, case):
    return CaseNote.objects.filter(case=case, category__in=policy.readable_note_categories(actor)).select_related(
        "author", "agency"
    )


def visible_duplicate_candidates(actor, candidates):
    """Split candidates into those the actor may see and a count of those held elsewhere."""
    visible_person_ids = set(
        Case.objects.filter(
            pk__in=policy.visible_cases(actor).values("pk"), person_id__in=[c.person.pk for c in candidates]
        ).values_list("person_id", flat=True)
    )
    shown = [c for c in candidates if c.person.pk in visible_person_ids]
    return shown, len(candidates) - len(shown)
