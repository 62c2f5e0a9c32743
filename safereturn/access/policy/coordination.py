"""Meetings and inter-agency delegations (họp, đoàn liên ngành) and their action items.

- A meeting is seen by the case roles of the agencies taking part in it, and by the supervisors of
  the provincial agencies of its province (who oversee the province's coordination). Nobody else
  learns it exists (404).
- It is recorded by any case role, for a meeting their agency takes part in (their agency is added);
  it is changed by the case roles of the agencies taking part.
- An action item is worked (done, cancelled, reopened) by the case roles of its owner agency, who
  take part in the meeting, and by those who may change the meeting.
- A case the meeting discussed is linked, and its link shown, only to those who may open that case
  (``visible_cases``): a meeting never widens access to a case.

The directory (agencies, focal points, services, opening hours) is not case data: every officer
with an active membership reads it (``reads_directory``); officers do not edit it here.
"""

from django.db.models import Q

from safereturn.directory.models import JurisdictionLevel, Role

from .. import scoped
from .actors import works_with_cases
from .records import object_for_actor


def reads_directory(actor):
    """Every officer acting in an active agency, whatever the role: the directory holds no victim data."""
    return actor is not None and actor.agency.is_active


def _oversees_province(actor):
    """The province a supervisor of a provincial agency oversees the coordination of, or None."""
    agency = actor.agency
    if actor.role == Role.SUPERVISOR and agency.jurisdiction_level == JurisdictionLevel.PROVINCE:
        return agency.province_id
    return None


def visible_meetings(actor):
    """Every meeting this actor may open. The only way to list meetings."""
    Meeting = scoped.model("meeting")
    if not works_with_cases(actor):
        return Meeting.objects.none()
    taking_part = Meeting.objects.filter(agencies=actor.agency.pk).values("pk")
    scope = Q(pk__in=taking_part)
    province = _oversees_province(actor)
    if province is not None:
        scope |= Q(province_id=province)
    return Meeting.objects.filter(scope)


def meeting_for_actor(actor, meeting_id):
    return object_for_actor(visible_meetings(actor), meeting_id)


def _takes_part(actor, meeting):
    return works_with_cases(actor) and meeting.agencies.filter(pk=actor.agency.pk).exists()


def can_record_meeting(actor):
    return works_with_cases(actor)


def can_edit_meeting(actor, meeting):
    return _takes_part(actor, meeting)


def can_work_action_item(actor, item):
    """The owner agency's case roles, and whoever may change the meeting."""
    if not works_with_cases(actor):
        return False
    return actor.agency.pk == item.owner_agency_id or can_edit_meeting(actor, item.meeting)


def open_action_items_for(actor, *, mine=False):
    """Open action items the actor's agency owns (``mine``: those naming the actor or nobody)."""
    Item = scoped.model("action_item")
    if not works_with_cases(actor):
        return Item.objects.none()
    items = Item.objects.filter(owner_agency_id=actor.agency.pk, status="open")
    if mine:
        items = items.filter(Q(owner_officer__isnull=True) | Q(owner_officer_id=actor.user.pk))
    return items
