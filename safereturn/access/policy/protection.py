"""Risk assessments, protection measures and danger alerts: sensitive sections of a case.

- Every officer with a case role who may open the case sees that measures and alerts exist (an intake
  officer at a shelter must know that the person's whereabouts are secret), never the narratives.
- Risk narratives, the threats found (and the child-specific ones), the names of protected people and
  the details of a measure: case workers, verifiers and supervisors of an agency taking part in the case,
  and supervisors whose jurisdiction covers it. Emergency (break-glass) access reads the case, not these.
- Assessing risk and recording or reviewing measures: case workers, verifiers and supervisors of a
  participating agency (emergency access never writes).
- A danger alert: any officer with a case role of a participating agency raises one; the officers of the
  agencies it was sent to (police and border guard of the province, and those it escalated to) open it
  and acknowledge it, even when they do not otherwise take part in the case.
Auditors, reporting and programme officers and administrators have no case role: they see none of it
(the audit trail records every read).
"""

from django.http import Http404
from django.utils import timezone

from safereturn.directory.models import JurisdictionLevel, Role
from safereturn.rules.models import CompetenceAction
from safereturn.rules.selectors import is_competent

from .actors import works_with_cases
from .cases import can_edit_case, participates, visible_cases
from .jurisdiction import supervises_jurisdiction
from .roles import CASE_ROLES, VERIFICATION_ROLES

# The agency types of a province whose focal points receive a danger alert at once (the mission: police
# and border guard); the protection app sends to them.
ALERT_AGENCY_TYPES = ("province_police", "border_guard")


def sees_danger_alerts(actor):
    """Whether the officer's menu leads to the danger alerts waiting for their agency: officers of a
    province's police and border guard (focal points, and the supervisors and verifiers an alert reaches
    when there is no focal point), and supervisors of the province's lead agency (escalations, and alerts
    in a province without police or border guard). Opening an alert is still decided alert by alert."""
    if not works_with_cases(actor) or actor.agency.jurisdiction_level != JurisdictionLevel.PROVINCE:
        return False
    if actor.agency_type in ALERT_AGENCY_TYPES:
        return True
    return actor.role == Role.SUPERVISOR and is_competent(
        actor.agency_type, CompetenceAction.COORDINATE, timezone.localdate()
    )


def can_see_protection(actor, case):
    """That measures and alerts exist, their type, dates and status (the case already opened)."""
    return actor is not None and actor.role in CASE_ROLES


def _oversees(actor, case):
    return supervises_jurisdiction(actor) and actor.agency.covers(case.province_id, case.commune_id)


def can_read_risk_details(actor, case):
    """Narratives, threats found (child risks included), names of protected people, details."""
    if actor is None or actor.role not in VERIFICATION_ROLES:
        return False
    return participates(actor, case) or _oversees(actor, case)


def can_assess_risk(actor, case):
    return can_edit_case(actor, case) and actor.role in VERIFICATION_ROLES


def can_record_measure(actor, case):
    return can_edit_case(actor, case) and actor.role in VERIFICATION_ROLES


def can_raise_alert(actor, case):
    """Any participant of the case with a case role."""
    return can_edit_case(actor, case)


def _alert_agency_ids(alert):
    ids = getattr(alert, "_agency_ids", None)
    if ids is None:
        ids = set()
        for agencies in (alert.notified_agencies, alert.escalated_agencies):
            # A list of alerts prefetches both (no query per alert); one alert reads its ids.
            prefetched = getattr(alert, "_prefetched_objects_cache", {}).get(agencies.prefetch_cache_name)
            ids |= {a.pk for a in prefetched} if prefetched is not None else set(agencies.values_list("pk", flat=True))
        alert._agency_ids = ids
    return ids


def alert_reaches(actor, alert):
    """Whether the alert was sent (or escalated) to the actor's agency."""
    return works_with_cases(actor) and actor.agency.pk in _alert_agency_ids(alert)


def can_acknowledge_alert(actor, alert):
    return alert_reaches(actor, alert)


def can_read_alert_text(actor, alert):
    """What happened and what was done: the officers the alert reached, the agencies taking part in the case
    (the shelter that raised it) and supervisors overseeing its territory. Emergency access opens the alert
    (that it exists, when, by whom) but not its text, as it reads no protection details."""
    if not works_with_cases(actor):
        return False
    return alert_reaches(actor, alert) or participates(actor, alert.case) or _oversees(actor, alert.case)


def alert_for_actor(actor, alerts, alert_id):
    """One alert of ``alerts`` (a queryset) the actor may open: sent or escalated to the actor's agency,
    or on a case the actor may open. 404 otherwise, the same answer as for one that does not exist."""
    if not works_with_cases(actor):
        raise Http404
    try:
        alert = alerts.get(pk=int(alert_id))
    except (alerts.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if alert_reaches(actor, alert) or visible_cases(actor).filter(pk=alert.case_id).exists():
        return alert
    raise Http404
