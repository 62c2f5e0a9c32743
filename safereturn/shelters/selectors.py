"""Reads of shelters, already scoped by the access policy.

Occupancy is one read: the places of the facilities asked about (at most three rows each), each with the
current stays of its facility and group counted from the partial index ``stay_current_by_group`` (only
current stays are in it).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from safereturn.access import policy
from safereturn.cases.extensions import OpenItem
from safereturn.core import errors
from safereturn.directory.models import Agency

from . import services, vocab
from .models import FacilityPlaces, OverCapacityDecision, Stay, StayCapRule, StayExtension


@dataclass
class GroupOccupancy:
    group: str
    places: int | None
    version: int | None
    current: int

    @property
    def label(self):
        return vocab.PlaceGroup(self.group).label

    @property
    def free(self):
        return None if self.places is None else self.places - self.current

    @property
    def over(self):
        return self.places is not None and self.current > self.places


@dataclass
class FacilityOccupancy:
    facility: Agency
    groups: list

    @property
    def places(self):
        return sum(g.places or 0 for g in self.groups)

    @property
    def current(self):
        return sum(g.current for g in self.groups)


def facilities_for(actor):
    """The facilities (agencies with places) whose occupancy the actor may see."""
    if not policy.works_with_cases(actor):
        return Agency.objects.none()
    facilities = Agency.objects.filter(is_active=True, pk__in=FacilityPlaces.objects.values("facility_id"))
    if actor.agency.province_id is not None:
        facilities = facilities.filter(Q(province_id=actor.agency.province_id) | Q(pk=actor.agency.pk))
    return facilities.select_related("province").order_by("province_id", "name")


def occupancy_query(facility_ids):
    """The one aggregate: current stays counted by facility and group."""
    return (
        Stay.objects.filter(facility_id__in=list(facility_ids), discharged_on__isnull=True)
        .values_list("facility_id", "group")
        .annotate(n=Count("id"))
        .order_by()
    )


def occupancy_counts(facility_ids):
    """``{(facility_id, group): current residents}``: one aggregate over current stays."""
    return {(facility, group): n for facility, group, n in occupancy_query(facility_ids)}


def _current_residents():
    """The current stays of the outer row's facility and group, counted (from ``stay_current_by_group``)."""
    current = (
        Stay.objects.filter(facility_id=OuterRef("facility_id"), group=OuterRef("group"), discharged_on__isnull=True)
        .order_by()
        .values("facility_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(current), 0)


def occupancy(facilities):
    """Occupancy by group of each facility: places, current residents, free places. One read: the facilities'
    places, each row with its current residents counted (an admission always has a row of places to count
    against, so no resident is left out). ``facilities``: agencies, or a queryset of them (read in the same
    statement, in its order)."""
    places = FacilityPlaces.objects.annotate(current=_current_residents())
    if isinstance(facilities, QuerySet):
        ordering = [f"facility__{field}" for field in facilities.query.order_by] + ["facility_id"]
        places = places.filter(facility__in=facilities.values("pk")).select_related("facility__province")
        rows, known = list(places.order_by(*ordering)), {}
    else:
        facilities = list(facilities)
        known = {f.pk: f for f in facilities}
        rows = list(places.filter(facility_id__in=list(known)))
    by_facility = {}
    for row in rows:
        by_facility.setdefault(row.facility_id, {})[row.group] = row
    order = list(known) if known else list(by_facility)
    result = []
    for facility_id in order:
        groups = by_facility.get(facility_id, {})
        facility = known.get(facility_id) or next(iter(groups.values())).facility
        shown = [
            GroupOccupancy(group, groups[group].places, groups[group].version, groups[group].current)
            for group in vocab.PlaceGroup.values
            if group in groups
        ]
        result.append(FacilityOccupancy(facility, shown))
    return result


def facility_for_occupancy(actor, facility_id):
    """A facility the actor may see the occupancy of, or 404."""
    facility = services.facility_or_404(facility_id)
    if not policy.can_see_occupancy(actor, facility):
        raise errors.NotFound
    return facility


def places_rows(facility):
    """Every group with its places row (or None), for the places form."""
    rows = {row.group: row for row in FacilityPlaces.objects.filter(facility=facility)}
    return [(group, label, rows.get(group)) for group, label in vocab.PlaceGroup.choices]


def residents(facility):
    """The current stays of the facility, with their cases and persons (names decrypted for masking)."""
    return (
        Stay.objects.filter(facility=facility, discharged_on__isnull=True)
        .select_related("case", "case__person", "cap_rule")
        .order_by("group", "admitted_on", "pk")
    )


def case_stays(case):
    return list(
        Stay.objects.filter(case=case)
        .select_related("facility", "cap_rule", "over_capacity_decision")
        .prefetch_related("extensions")
        .order_by("-admitted_on", "-pk")
    )


def current_stay(stays):
    return next((s for s in stays if s.discharged_on is None), None)


def cap_summary(case, stays, today=None):
    """What the case page tells of the cap: days used of the cap with its extensions, the last allowed
    day, the rule and citation. The same count as the support panel's essential needs (decision 38)."""
    current = current_stay(stays)
    count = services.cap_count(case, stays=stays, today=today, rule=current.cap_rule if current else None)
    if count is None:  # no rule in force: the panel says nothing of the cap
        return {"days_used": None, "cap_days": None, "rule": None, "allowed_until": None, "days_left": None,
                "near": False, "extended": False}  # fmt: skip
    return {
        "days_used": count.days_used,
        "cap_days": count.total_days,
        "rule": count.rule,
        "allowed_until": count.until,
        "days_left": count.days_left,
        "near": bool(current and count.near),
        "extended": count.extension_days > 0,
    }


def usable_decisions(case, facility_id):
    """Over-capacity decisions recorded for this case at this facility, not used yet."""
    return OverCapacityDecision.objects.filter(case=case, facility_id=facility_id, stay__isnull=True)


def extensions_of(stay):
    return StayExtension.objects.filter(stay=stay).order_by("-decided_on", "-pk")


@dataclass(frozen=True)
class CapQueueItem:
    """A stay nearing its last allowed day, in the facility's work queue (case number only)."""

    stay: Stay

    @property
    def due_date(self):
        return self.stay.allowed_until

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return format_html(
            '<a href="{}">{}</a> · {} · {}',
            reverse("cases:detail", args=[self.stay.case_id]) + "#shelter",
            self.stay.case.number,
            gettext("Stay reaches its support cap"),
            self.stay.allowed_until.strftime("%d/%m/%Y"),
        )


def queue_items(actor, scope="officer"):
    """Stays of the actor's facility within their rule's lead time of the cap (``core.work_queues``)."""
    if not policy.works_with_cases(actor):
        return []
    today = timezone.localdate()
    items = []
    for rule in StayCapRule.objects.all():
        stays = Stay.objects.filter(
            facility_id=actor.agency.pk,
            cap_rule=rule,
            discharged_on__isnull=True,
            allowed_until__lte=today + datetime.timedelta(days=rule.warn_days),
        ).select_related("case")
        items.extend(CapQueueItem(stay) for stay in stays[:300])
    return items


# ---- closing ------------------------------------------------------------------------------------------


def closure_blockers(case):
    """A person still living in a facility stops the case being closed (unless a supervisor decides):
    ``cases.extensions.closure_blockers``. The discharge comes first."""
    return [
        OpenItem(
            gettext("Still staying at %(facility)s since %(date)s: record the discharge first")
            % {"facility": stay.facility.name, "date": stay.admitted_on.strftime("%d/%m/%Y")},
            reverse("shelters:discharge", args=[case.pk, stay.pk]),
            "shelters",
        )
        for stay in Stay.objects.filter(case_id=case.pk, discharged_on__isnull=True).select_related("facility")
    ]
