"""Reads of needs, plans, escorts, returns and follow-up, always on a case the policy already opened, or
scoped by ``policy.visible_cases`` (work queues). The items that stop a case being closed."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from safereturn.access import policy
from safereturn.cases.extensions import OpenItem

from . import vocab
from .models import (
    ChildEscort,
    CommunityReturn,
    FamilyContact,
    FollowUpVisit,
    NeedsAssessment,
    PlannedService,
    ReintegrationAssessment,
    RetraffickingLink,
    SupportPlan,
)

# The case page's lists of the panel (``cases.extensions.CasePanel.sections``).
SECTIONS = {
    "needs": NeedsAssessment,
    "plans": SupportPlan,
    "escorts": ChildEscort,
    "family_contacts": FamilyContact,
    "returns": CommunityReturn,
    "visits": FollowUpVisit,
    "assessments": ReintegrationAssessment,
    "retrafficking": RetraffickingLink,
}


def case_needs(case):
    return NeedsAssessment.objects.filter(case_id=case.pk).select_related("agency", "assessor")


def case_plans(case):
    return SupportPlan.objects.filter(case_id=case.pk).select_related("owner_agency", "owner_officer", "review_rule")


def plan_services(plan):
    return PlannedService.objects.filter(plan_id=plan.pk).select_related("owner_agency", "owner_officer")


def case_services(case):
    return PlannedService.objects.filter(case_id=case.pk).select_related("owner_agency", "owner_officer")


def case_escorts(case):
    return ChildEscort.objects.filter(case_id=case.pk).select_related("agency", "officer", "receiving_organisation")


def case_family_contacts(case):
    return FamilyContact.objects.filter(case_id=case.pk).select_related("agency")


def case_returns(case):
    return CommunityReturn.objects.filter(case_id=case.pk).select_related("follow_up_agency", "follow_up_officer")


def case_visits(case):
    return FollowUpVisit.objects.filter(case_id=case.pk).select_related("agency", "officer", "rule")


def case_assessments(case):
    return ReintegrationAssessment.objects.filter(case_id=case.pk).select_related("agency")


def case_links(case):
    """Re-trafficking links of the case, either way: ``[(link, other case id, other number, "later"|"earlier")]``."""
    links = RetraffickingLink.objects.filter(case_id=case.pk).select_related("other_case")
    return [{"link": link, "other": link.other_case, "direction": link.direction} for link in links]


def one_of(queryset, pk):
    """A record of a case already opened through the policy, or 404."""
    return policy.object_for_actor(queryset, pk)


def panel_lists(case, present):
    present = present or {}

    def read(name, make):
        return list(make(case)) if present.get(name, True) else []

    plans = read("plans", case_plans)
    services = list(case_services(case)) if plans else []
    for plan in plans:
        plan.service_rows = [s for s in services if s.plan_id == plan.pk]
    return {
        "needs": read("needs", case_needs),
        "plans": plans,
        "escorts": read("escorts", case_escorts),
        "family_contacts": read("family_contacts", case_family_contacts),
        "returns": read("returns", case_returns),
        "visits": read("visits", case_visits),
        "assessments": read("assessments", case_assessments),
        "links": case_links(case) if present.get("retrafficking", True) else [],
    }


# ---- work queues --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """A due review, a planned service or a follow-up visit in its owners' work queue."""

    due_date: object
    case_id: object
    case_number: str
    label: str
    url: str

    def __str__(self):
        return self.__html__()

    def __html__(self):
        # The work pages mark what is overdue (``home``: a badge; the API: ``overdue``).
        return format_html(
            '<a href="{}">{}</a> · {} · {}', self.url, self.case_number, self.label, self.due_date.strftime("%d/%m/%Y")
        )


def _owned(queryset, actor, scope, agency_field, officer_field):
    mine = Q(**{f"{agency_field}_id": actor.agency.pk})
    if scope == "officer":
        mine &= Q(**{f"{officer_field}__isnull": True}) | Q(**{f"{officer_field}_id": actor.user.pk})
    return queryset.filter(mine, case__in=policy.visible_cases(actor)).select_related("case")


def queue_items(actor, scope="officer"):
    """Plans due for review, open planned services and scheduled follow-up visits owned by the actor's
    agency (``officer``: assigned to the actor or to nobody in particular), on cases the actor may see."""
    if actor is None or actor.role not in policy.SUPPORT_ROLES:
        return []
    items = []
    plans = _owned(
        SupportPlan.objects.filter(status=vocab.PlanStatus.ACTIVE), actor, scope, "owner_agency", "owner_officer"
    )
    for plan in plans.order_by("next_review_on")[:200]:
        url = reverse("reintegration:plan", args=[plan.case_id, plan.pk])
        items.append(
            QueueItem(plan.next_review_on, plan.case_id, plan.case.number, gettext("Support plan review"), url)
        )
    services = _owned(
        PlannedService.objects.filter(status__in=vocab.OPEN_SERVICE_STATUSES),
        actor,
        scope,
        "owner_agency",
        "owner_officer",
    )
    for service in services.order_by("target_date")[:200]:
        url = reverse("reintegration:plan", args=[service.case_id, service.plan_id])
        label = gettext("Planned service: %(service)s") % {"service": service.get_service_type_display()}
        items.append(QueueItem(service.target_date, service.case_id, service.case.number, label, url))
    visits = _owned(FollowUpVisit.objects.filter(status=vocab.VisitStatus.SCHEDULED), actor, scope, "agency", "officer")
    for visit in visits.order_by("due_on")[:200]:
        url = reverse("reintegration:visit", args=[visit.case_id, visit.pk])
        label = gettext("Follow-up visit %(number)s") % {"number": visit.sequence}
        items.append(QueueItem(visit.due_on, visit.case_id, visit.case.number, label, url))
    return items


# ---- closing ------------------------------------------------------------------------------------------


def closure_blockers(case):
    """Open planned services and scheduled follow-up visits stop the case being closed (unless a
    supervisor decides): ``cases.extensions.closure_blockers``."""
    items = []
    for service in PlannedService.objects.filter(case_id=case.pk, status__in=vocab.OPEN_SERVICE_STATUSES):
        items.append(
            OpenItem(
                gettext("Planned service: %(service)s, due %(date)s")
                % {"service": service.get_service_type_display(), "date": service.target_date.strftime("%d/%m/%Y")},
                reverse("reintegration:plan", args=[case.pk, service.plan_id]),
                "reintegration",
            )
        )
    for visit in FollowUpVisit.objects.filter(case_id=case.pk, status=vocab.VisitStatus.SCHEDULED):
        items.append(
            OpenItem(
                gettext("Follow-up visit %(number)s, due %(date)s")
                % {"number": visit.sequence, "date": visit.due_on.strftime("%d/%m/%Y")},
                reverse("reintegration:visit", args=[case.pk, visit.pk]),
                "reintegration",
            )
        )
    return items


# ---- what a referral's recipient reads (``cases.extensions.referral_sections``) -----------------------


def _need_rows(actor, case, domains):
    """The latest needs assessment's levels in ``domains`` the actor's agency type may read (no notes,
    no wishes: free text)."""
    latest = case_needs(case).order_by("-assessed_on", "-pk").first()
    if latest is None:
        return []
    readable = policy.readable_need_domains(actor)
    return [
        (str(latest._meta.get_field(domain).verbose_name), getattr(latest, f"get_{domain}_display")())
        for domain in domains
        if domain in readable
    ]


def referral_need_rows(actor, case):
    return _need_rows(actor, case, [d for d in vocab.NEED_DOMAINS if d not in vocab.RESTRICTED_NEED_DOMAINS])


def referral_health_rows(actor, case):
    return _need_rows(actor, case, list(vocab.RESTRICTED_NEED_DOMAINS))
