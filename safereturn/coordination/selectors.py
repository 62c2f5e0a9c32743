"""Reads of coordination, already scoped by the access policy: meetings, action items for the work
queue, and the directory for officers (agencies, focal points, services, hours, shelter places)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from safereturn.access import policy
from safereturn.core.crypto import normalise
from safereturn.directory.models import Agency, FacilityService, FocalPoint, JurisdictionLevel
from safereturn.geo.models import Commune, Province
from safereturn.shelters import selectors as shelter_selectors

from . import vocab
from .models import ActionItem

# ---- meetings --------------------------------------------------------------------------------------


def meeting_list(actor, *, q=""):
    meetings = policy.visible_meetings(actor).select_related("province", "organiser")
    if q.strip():
        meetings = meetings.filter(purpose__icontains=q.strip())
    return meetings.prefetch_related("agencies").order_by("-held_on", "-created_at")


def action_items(meeting):
    return meeting.action_items.select_related("owner_agency", "owner_officer").order_by("due_date", "pk")


@dataclass
class ActionQueueItem:
    """An open action item in its owner's work queue: the meeting's date and kind, never its text."""

    item: ActionItem

    def __post_init__(self):
        self.due_date = self.item.due_date

    def __str__(self):
        return self.__html__()

    def __html__(self):
        meeting = self.item.meeting
        return format_html(
            '<a href="{}">{}</a> · {} · {}',
            reverse("coordination:meeting", args=[meeting.pk]) + f"#item-{self.item.pk}",
            gettext("Action item from a meeting"),
            meeting.held_on.strftime("%d/%m/%Y"),
            self.due_date.strftime("%d/%m/%Y"),
        )


def queue_items(actor, scope="officer"):
    """Open action items the actor's agency owns (``core.work_queues`` provider)."""
    items = policy.open_action_items_for(actor, mine=scope == "officer").select_related("meeting")
    return [ActionQueueItem(item) for item in items.order_by("due_date", "pk")[:200]]


# ---- the directory ---------------------------------------------------------------------------------


def _with_contacts(agencies):
    return agencies.select_related("agency_type", "province", "commune").prefetch_related(
        Prefetch("focal_points", queryset=FocalPoint.objects.filter(is_active=True).order_by("full_name")),
        Prefetch("services", queryset=FacilityService.objects.order_by("service_type")),
    )


def search_agencies(*, q="", province=None, commune=None, agency_type=""):
    """Active agencies matching the words of ``q`` without accents, in a province (its provincial and
    commune agencies) or a commune (its own and the province's), national bodies last."""
    agencies = Agency.objects.filter(is_active=True)
    for word in normalise(q).split():
        agencies = agencies.filter(search_key__contains=word)
    if commune is not None:
        agencies = agencies.filter(
            Q(commune_id=commune.pk) | Q(province_id=commune.province_id, jurisdiction_level=JurisdictionLevel.PROVINCE)
        )
    elif province is not None:
        agencies = agencies.filter(province_id=province.pk)
    if agency_type:
        agencies = agencies.filter(agency_type__code=agency_type)
    return _with_contacts(agencies).order_by("province_id", "jurisdiction_level", "name")


def agency_for_directory(agency_id):
    try:
        return _with_contacts(Agency.objects.filter(is_active=True)).get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, TypeError):
        return None


def shelter_places(actor, agencies):
    """``{agency id: FacilityOccupancy}`` of the shelters among ``agencies`` whose places the actor may
    see (those who place people: the case roles of the province's agencies, and the shelter itself)."""
    if not policy.works_with_cases(actor):
        return {}
    ids = [a.pk for a in agencies if policy.is_facility(a) and policy.can_see_occupancy(actor, a)]
    if not ids:
        return {}
    return {row.facility.pk: row for row in shelter_selectors.occupancy([a for a in agencies if a.pk in ids])}


def who_to_call(*, province, commune=None):
    """The agencies of a commune (its own first) and its province, grouped in the order an officer calls
    them (``vocab.CALL_SECTIONS``): ``[(key, heading, [agency])]``; focal points come with each agency."""
    agencies = list(search_agencies(province=province, commune=commune))
    if commune is not None:
        agencies.sort(key=lambda a: (a.commune_id != commune.pk, a.name))
    sections, placed = [], set()
    for key, heading, types in vocab.CALL_SECTIONS:
        rows = [a for a in agencies if a.agency_type.code in types]
        placed.update(a.pk for a in rows)
        if rows:
            sections.append((key, heading, rows))
    others = [a for a in agencies if a.pk not in placed]
    if others:
        sections.append((*vocab.OTHER_SECTION, others))
    return sections


def province_or_none(code):
    try:
        return Province.objects.get(pk=int(code)) if code not in (None, "") else None
    except (Province.DoesNotExist, ValueError, TypeError):
        return None


def commune_or_none(code, province=None):
    try:
        commune = Commune.objects.select_related("province").get(pk=int(code)) if code not in (None, "") else None
    except (Commune.DoesNotExist, ValueError, TypeError):
        return None
    if commune is not None and province is not None and commune.province_id != province.pk:
        return None
    return commune
