"""Reads of protection records, always through the access policy; work-queue items."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.core.display import date_text

from . import vocab
from .models import DangerAlert, ProtectionMeasure, RiskAssessment


def case_assessments(case):
    return RiskAssessment.objects.filter(case_id=case.pk).select_related("assessor_agency")


def case_measures(case):
    return ProtectionMeasure.objects.filter(case_id=case.pk).select_related(
        "measure_type", "requested_by_agency", "deciding_agency"
    )


def case_alerts(case):
    return DangerAlert.objects.filter(case_id=case.pk).select_related("raised_by_agency", "acknowledged_by_agency")


def case_panel_lists(case, present=None):
    """The panel's lists; one the case page found empty is not read."""
    present = present or {}
    return {
        "assessments": list(case_assessments(case)[:20]) if present.get("risk_assessments", True) else [],
        "measures": list(case_measures(case)) if present.get("protection_measures", True) else [],
        "alerts": list(case_alerts(case)[:20]) if present.get("danger_alerts", True) else [],
    }


def measure_reviews(measure):
    """A measure's reviews, latest first."""
    return measure.reviews.select_related("reviewed_by", "reviewed_by_agency").order_by("-reviewed_on", "-pk")


def measure_for_actor(actor, case, measure_id):
    """A measure of a case the caller already resolved through the policy, or 404."""
    measure = policy.object_for_actor(case_measures(case), measure_id)
    measure.case = case
    return measure


def assessment_for_actor(actor, case, assessment_id):
    assessment = policy.object_for_actor(case_assessments(case), assessment_id)
    assessment.case = case
    return assessment


def alert_for_actor(actor, alert_id):
    """An alert the actor may open (``policy.alert_for_actor``), with its case."""
    alerts = DangerAlert.objects.select_related("case", "raised_by_agency", "acknowledged_by_agency", "acknowledged_by")
    return policy.alert_for_actor(actor, alerts, alert_id)


def open_alerts_reaching(actor):
    """Open alerts sent or escalated to the actor's agency, oldest first."""
    if not policy.works_with_cases(actor):
        return DangerAlert.objects.none()
    agency = actor.agency.pk
    return (
        DangerAlert.objects.filter(
            Q(notified_agencies=agency) | Q(escalated_agencies=agency), status=vocab.AlertStatus.OPEN
        )
        .distinct()
        .select_related("case", "raised_by_agency")
        .order_by("raised_at", "pk")
    )


# ---- work queues ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """One item of an officer's work queue: a safe link with the case number, what is due, and when."""

    url: str
    number: str
    what: str
    due_date: object

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return format_html(
            '<a href="{}">{}</a> · {} · {}', self.url, self.number, self.what, self.due_date.strftime("%d/%m/%Y")
        )


def _visible(actor, rows):
    return rows.filter(case__in=policy.visible_cases(actor))


def queue_items(actor, scope="officer"):
    """Risk reviews (the assessor's, or the agency's), measure reviews (the recording agency's) and open
    danger alerts reaching the agency (``core.work_queues`` provider)."""
    if not policy.works_with_cases(actor):
        return []
    items = []
    if actor.role in policy.VERIFICATION_ROLES:
        reviews = RiskAssessment.objects.filter(closed_at__isnull=True, assessor_agency_id=actor.agency.pk)
        if scope == "officer":
            reviews = reviews.filter(assessor_id=actor.user.pk)
        for a in _visible(actor, reviews).select_related("case").order_by("review_date", "pk")[:200]:
            url = reverse("protection:assessment", args=[a.case_id, a.pk])
            items.append(QueueItem(url, a.case.number, _("Review the risk assessment"), a.review_date))
        measures = ProtectionMeasure.objects.filter(
            recorded_by_agency_id=actor.agency.pk,
            status__in=(vocab.MeasureStatus.PROPOSED, vocab.MeasureStatus.ACTIVE),
        )
        if scope == "officer":
            measures = measures.filter(recorded_by_id=actor.user.pk)
        for m in _visible(actor, measures).select_related("case", "measure_type").order_by("review_date", "pk")[:200]:
            url = reverse("protection:measure", args=[m.case_id, m.pk])
            what = _("Review the protection measure: %(measure)s") % {"measure": m.measure_type.name}
            items.append(QueueItem(url, m.case.number, what, m.review_date))
    for alert in open_alerts_reaching(actor)[:100]:
        url = reverse("protection:alert", args=[alert.pk])
        due = timezone.localdate(alert.acknowledge_by)
        items.append(QueueItem(url, alert.case.number, _("Acknowledge the danger alert"), due))
    return items


# ---- what a referral's recipient reads (``cases.extensions.referral_sections``) -----------------------


def referral_rows(actor, case):
    """The latest risk level and the measures proposed or in force (type and dates): never the threats
    found, the narratives or the names of protected people."""
    rows = []
    latest = case_assessments(case).order_by("-assessed_on", "-pk").first()
    if latest is not None:
        rows.append((_("Risk level"), f"{latest.get_level_display()} ({date_text(latest.assessed_on)})"))
    for measure in case_measures(case).filter(status__in=(vocab.MeasureStatus.PROPOSED, vocab.MeasureStatus.ACTIVE)):
        rows.append((measure.measure_type.name, f"{measure.get_status_display()} · {date_text(measure.start_date)}"))
    return rows
