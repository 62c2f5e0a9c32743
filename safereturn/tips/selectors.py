"""Reads of tips and of the commune register — always through the access policy's scope."""

from django.db.models import Q

from safereturn.access import policy
from safereturn.core import name_keys

from .models import RegisterEntryNameKey, TipEvent, TipNameKey


def _name_q(key_model, owner_field, query):
    """Every token of the query must match a blind key of the name (accent-insensitive, any order)."""
    keys = name_keys.search_keys(query)
    if not keys:
        return Q(pk__in=[])
    owner_ids = None
    for key in keys:
        ids = key_model.objects.filter(key=key).values(owner_field)
        owner_ids = ids if owner_ids is None else owner_ids.filter(**{f"{owner_field}__in": ids})
    return Q(pk__in=owner_ids)


def tip_list(actor, filters=None):
    """The actor's tips, newest first; a query is a tip number ('TB-…') or the name of the person concerned."""
    filters = filters or {}
    qs = policy.visible_tips(actor).select_related("receiving_agency", "forwarded_to", "province", "commune")
    for name in ("status", "source", "priority"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    query = (filters.get("q") or "").strip()
    if query:
        if query.upper().startswith("TB-"):
            qs = qs.filter(number=query.upper())
        else:
            qs = qs.filter(_name_q(TipNameKey, "tip_id", query))
    return qs.order_by("-received_at", "-number")


def tip_timeline(actor, tip):
    return TipEvent.objects.filter(tip=tip).select_related("actor", "agency")


def register_list(actor, filters=None):
    """Register entries of the communes the actor covers, most recent first."""
    filters = filters or {}
    qs = policy.visible_register_entries(actor).select_related("commune", "recording_agency", "linked_case")
    if filters.get("commune"):
        qs = qs.filter(commune_id=filters["commune"].pk)
    for name in ("category", "status"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    query = (filters.get("q") or "").strip()
    if query:
        qs = qs.filter(_name_q(RegisterEntryNameKey, "entry_id", query))
    return qs.order_by("-since", "-created_at")
