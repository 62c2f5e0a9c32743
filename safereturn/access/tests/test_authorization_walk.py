"""Walk every case-related route of the URL resolver as every role class of the demo's agencies, for
cases inside and outside each agency's jurisdiction, with and without participation, and check the
exact status code of each answer; then check that what is shown stays masked.

The routes come from the resolver: a route marked as reaching case data that this file declares no
rule for fails the walk, so a new page or endpoint is walked as soon as it exists. The expected
outcomes are restated here from the mission's rules (who takes part, who oversees which territory,
who may reveal whom), independently of the policy code; competence comes from the rule tables,
which are data.

The demo directory and the walk's records are made once for the module, inside a transaction that
is rolled back at the end; every request runs in a savepoint rolled back after it, so an allowed
action (a reveal, a new task, a status change) does not change what the next request meets.
"""

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.access.policy.roles import HEALTH_TYPES
from safereturn.cases import services as case_services
from safereturn.cases.models import CaseParticipant, MatchRequest
from safereturn.coordination import services as coordination_services
from safereturn.core.access_marks import CASE_DATA, NO_CASE_DATA, access_mark
from safereturn.directory.models import Agency, FacilityService, Membership
from safereturn.identification import services as identification_services
from safereturn.protection import services as protection_services
from safereturn.referrals import services as referral_services
from safereturn.reintegration import services as reintegration_services
from safereturn.rules.models import AgencyCompetenceRule, SharingException
from safereturn.shelters import services as shelter_services
from safereturn.support import services as support_services
from safereturn.tips import services as tip_services

# The module's tests share one world: run them in one process when the suite runs in several.
pytestmark = pytest.mark.xdist_group("authorization-walk")

# ---- the rules, restated from the mission ------------------------------------------------------------

CASE_ROLES = {"intake_officer", "case_worker", "verifier", "supervisor"}
ORDERED_CASE_ROLES = ("intake_officer", "case_worker", "verifier", "supervisor")
NON_CASE_ROLES = ("reporting_officer", "programme_officer", "auditor", "system_admin")
# Supervisors of these agency types oversee every case and tip in their territory.
OVERSEEING_TYPES = {"health_department", "province_police", "border_guard", "commune_committee", "ministry"}
VERIFICATION_ROLES = {"case_worker", "verifier", "supervisor"}
DECIDING_ROLES = {"verifier", "supervisor"}
CHILD_REVEAL_ROLES = {"case_worker", "verifier"}
ADULT_NAME, CHILD_NAME = "Đặng Thị Lụa", "Hà Thị Mỷ"
RECEIVED = timezone.now() - datetime.timedelta(days=2)


def _covers(agency, province, commune):
    level = agency.jurisdiction_level
    return (
        level == "national"
        or (level == "province" and agency.province_id == province)
        or (level == "commune" and agency.commune_id == commune)
    )


@functools.cache
def _competent(agency_type, action, on_date):
    rules = AgencyCompetenceRule.objects.filter(
        agency_type_code=agency_type, action=action, effective_from__lte=on_date
    )
    return rules.exclude(effective_to__lt=on_date).exists()


@dataclass
class Subject:
    """A case walked, with what hangs off it, and who takes part in it (as agency → roles)."""

    case: Any
    child: bool
    task: Any
    plain_document: Any
    identity_document: Any
    consent: Any
    certificate: Any
    earlier_person: int
    participants: dict = field(default_factory=dict)
    earlier_participants: set = field(default_factory=set)
    # Officers (user ids) holding live emergency access to the case: they read it, nothing more.
    emergency_holders: set = field(default_factory=set)
    # ---- support ----
    support_record: Any = None  # cash support recorded by the health department, waiting for approval
    # ---- protection ----
    assessment: Any = None
    measure: Any = None
    alert: Any = None
    # The police and border guard of the case's province (the mission: an alert reaches them at once).
    alert_agencies: set = field(default_factory=set)
    # ---- shelters ----
    stay: Any = None  # the person's stay at the province's social support centre, referred the case
    # ---- reintegration ----
    # The case's needs assessment, support plan, planned service and scheduled follow-up visit (ids).
    support: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Who:
    membership: Any

    @property
    def role(self):
        return self.membership.role

    @property
    def agency(self):
        return self.membership.agency

    @property
    def works_with_cases(self):
        return self.role in CASE_ROLES


# Each rule: may ``who`` do this with subject ``s`` (a case, or the world for tips and the register)?
def participates(who, s):
    return who.agency.pk in s.participants


def sees_case(who, s):
    if participates(who, s) or who.membership.user_id in s.emergency_holders:
        return True
    overseer = who.role == "supervisor" and who.agency.agency_type.code in OVERSEEING_TYPES
    return overseer and _covers(who.agency, s.case.province_id, s.case.commune_id)


def edits(who, s):
    return participates(who, s)


def reveals(who, s):
    return participates(who, s) and (not s.child or who.role in CHILD_REVEAL_ROLES)


def edits_and_reveals(who, s):
    return edits(who, s) and reveals(who, s)


def leads(who, s):
    """Takes part in its own right (receiver, responsible, the province's lead agency), not only as the
    agency a task is assigned to or names as partner."""
    return bool(s.participants.get(who.agency.pk, set()) - {"assignee", "partner"})


def assigns(who, s):
    return who.role in VERIFICATION_ROLES and leads(who, s)


def records_evidence(who, s):
    return edits(who, s) and who.role in VERIFICATION_ROLES


def works_task(who, s):
    """The agency a task is assigned to and the partner agency it names (the law's lead agency verifies
    with the provincial police)."""
    return who.role in VERIFICATION_ROLES and who.agency.pk in (s.task.assignee_agency_id, s.task.partner_agency_id)


def moves_due_date(who, s):
    if who.role != "supervisor":
        return False
    return works_task(who, s) or (who.agency.pk == s.task.requested_by_agency_id and assigns(who, s))


def _on_case_date(s):
    return timezone.localdate(s.case.received_at)


def decides(who, s):
    return (
        who.role in DECIDING_ROLES
        and participates(who, s)
        and _competent(who.agency.agency_type.code, "identify", _on_case_date(s))
    )


def certifies(who, s):
    return (
        who.role in DECIDING_ROLES
        and participates(who, s)
        and _competent(who.agency.agency_type.code, "issue_return_certificate", _on_case_date(s))
    )


def sees_earlier_record(who, s):
    """The earlier record of the person lies where the case does: its participants and the overseers there."""
    if who.agency.pk in s.earlier_participants:
        return True
    overseer = who.role == "supervisor" and who.agency.agency_type.code in OVERSEEING_TYPES
    return overseer and _covers(who.agency, s.case.province_id, s.case.commune_id)


def any_case_role(who, s):
    return True


def sees_tip(who, w):
    tip = w.tip
    if who.agency.pk in {tip.receiving_agency_id, tip.forwarded_to_id}:
        return True
    overseer = who.role == "supervisor" and who.agency.agency_type.code in OVERSEEING_TYPES
    return overseer and _covers(who.agency, tip.province_id, tip.commune_id)


def handles_tip(who, w):
    return who.agency.pk in {w.tip.receiving_agency_id, w.tip.forwarded_to_id}


def keeps_any_register(who, w):
    """Commune agencies keep their commune's register; of the provincial agencies, only those that
    oversee the province's cases keep its communes'; national bodies none."""
    level = who.agency.jurisdiction_level
    return level == "commune" or (level == "province" and who.agency.agency_type.code in OVERSEEING_TYPES)


def keeps_register(who, w):
    """A commune's register is kept where the commune is."""
    return keeps_any_register(who, w) and _covers(who.agency, w.entry.province_id, w.entry.commune_id)


# Emergency access: the officer who asked, the supervisors told (of the agency recorded on it) and the
# auditors of the officer's or the case's province (or national) see it; those supervisors decide it
# and review it, never the officer who asked.
def _sees_grant(who, g):
    if who.membership.user_id == g.user_id:
        return True
    if who.role == "supervisor" and who.agency.pk == g.supervising_agency_id:
        return True
    province = who.agency.province_id
    return who.role == "auditor" and (province is None or province in (g.agency.province_id, g.case.province_id))


def _handles_grant(who, g):
    return who.role == "supervisor" and who.agency.pk == g.supervising_agency_id and who.membership.user_id != g.user_id


def sees_request(who, w):
    return _sees_grant(who, w.requested)


def decides_request(who, w):
    return _handles_grant(who, w.requested)


def sees_use(who, w):
    return _sees_grant(who, w.used)


def reviews_use(who, w):
    return _handles_grant(who, w.used)


def answers_match(who, w):
    """An officer of the agency holding the earlier record, who works its cases and sees it."""
    return (
        who.agency.pk == w.match.holding_agency_id
        and who.role in ("supervisor", "verifier", "case_worker")
        and sees_case(who, w.adult)
    )


def break_glass_answer(who, w):
    """Within reach (the case's province or the person's home province, or a national agency): open at
    once (201); otherwise a request for a supervisor (202)."""
    case = w.adult.case
    within = who.agency.province_id in (None, case.province_id, case.person.home_province_id)
    return 201 if within else 202


# ---- support ----
# Support is given by the intake officers, case workers and supervisors of the agencies taking part; a
# supervisor of a participating agency records the decisions (extend a cap, allow a payment above it); cash
# support is approved by a supervisor of the agency that recorded it (not the officer who recorded it).
SUPPORT_ROLES = {"intake_officer", "case_worker", "supervisor"}


def records_support(who, s):
    return participates(who, s) and who.role in SUPPORT_ROLES


def decides_support(who, s):
    return participates(who, s) and who.role == "supervisor"


def approves_support(who, s):
    record = s.support_record
    return (
        who.role == "supervisor"
        and who.agency.pk == record.recording_agency_id
        and who.membership.user_id != record.recorded_by_id
    )


# ---- protection ----
# Risk assessments and protection measures: case workers, verifiers and supervisors of an agency taking
# part in the case. A danger alert: raised by any participant; it reaches the provincial police and border
# guard of the case's province, whose officers open and acknowledge it without taking part in the case.
def protects(who, s):
    return participates(who, s) and who.role in VERIFICATION_ROLES


def sees_alert(who, w):
    return who.works_with_cases and (who.agency.pk in w.adult.alert_agencies or sees_case(who, w.adult))


def acknowledges_alert(who, w):
    return who.agency.pk in w.adult.alert_agencies


# ---- shelters ----
# A shelter is an agency of a type that may house people (a social support facility, an NGO) that the
# directory lists as offering temporary accommodation. Its staff (intake
# officers, case workers, its director) admit, transfer and discharge people of the cases it takes part
# in; its director alone extends a stay, allows an admission over capacity and sets the places. Whoever
# places people — case roles of agencies in the shelter's province, national ones, the shelter itself —
# sees its occupancy.
STAY_ROLES = {"intake_officer", "case_worker", "supervisor"}


@functools.cache
def _offers_accommodation(agency_id):
    return FacilityService.objects.filter(agency_id=agency_id, service_type="accommodation").exists()


def _shelter(agency):
    return agency.agency_type.code in {"social_support_facility", "ngo"} and _offers_accommodation(agency.pk)


def admits(who, s):
    return who.role in STAY_ROLES and _shelter(who.agency) and participates(who, s)


def allows_over_capacity(who, s):
    return admits(who, s) and who.role == "supervisor"


def changes_stay(who, s):
    return admits(who, s) and who.agency.pk == s.stay.facility_id


def extends_stay(who, s):
    return changes_stay(who, s) and who.role == "supervisor"


def sees_occupancy(who, w):
    return who.agency.pk == w.facility.pk or who.agency.province_id in (None, w.facility.province_id)


def manages_places(who, w):
    return who.agency.pk == w.facility.pk and who.role == "supervisor"


# ---- reintegration ----
SUPPORT_ROLES = {"intake_officer", "case_worker", "supervisor"}


def supports(who, s):
    """Needs, plans, escorts, returns and follow-up are recorded by the agencies taking part in the case,
    in the roles that work with people (the commune's officers, case workers, supervisors); verifiers verify."""
    return participates(who, s) and who.role in SUPPORT_ROLES


def _escorts(who, s):
    """An escort is a child's: the page sends an adult's case back to the case page; the API refuses it (409)."""
    if not supports(who, s):
        return 403
    return 200 if s.child else 302


def _escorts_api(who, s):
    if not supports(who, s):
        return 403
    return 201 if s.child else 409


# ---- referrals ----
# A referral is seen by whoever may open its case, and by its recipient agency's officers while it is sent
# or accepted (never the case itself: docs/decisions/0039). The sender's officers who may change the case
# send and revoke it; the recipient's intake officers, case workers and supervisors answer it.
REFERRAL_ANSWERING_ROLES = {"intake_officer", "case_worker", "supervisor"}


def _receives(who, w):
    return who.works_with_cases and who.agency.pk == w.referral.recipient_agency_id


def sees_referral(who, w):
    return _receives(who, w) or sees_case(who, w.adult)


def acts_on_referral(who, w):
    """The recipient accepts it; the sending agency revokes it."""
    if _receives(who, w):
        return who.role in REFERRAL_ANSWERING_ROLES
    return who.agency.pk == w.referral.sending_agency_id and edits(who, w.adult)


def _referral_step(w, who):
    """The recipient declines without a reason (refused as input: it stays a class of its own, apart from
    the sender's officers, whose other answers are the same); the sending agency revokes."""
    action = "decline" if who.agency.pk == w.referral.recipient_agency_id else "revoke"
    return {"action": action, "version": w.referral.version}


def _acts_page(who, w):
    if not acts_on_referral(who, w):
        return 403
    return 200 if _receives(who, w) else 302  # the decline form again, with its errors


def _acts_api(who, w):
    if not acts_on_referral(who, w):
        return 403
    return 400 if _receives(who, w) else 200


def _on(days=0):
    return (TODAY() + datetime.timedelta(days=days)).isoformat()


# ---- coordination ----
# A meeting is seen by the case roles of the agencies taking part and by the supervisors of the provincial
# agencies of its province; changed by those taking part; an action item is worked by its owner agency and
# by those taking part.
def sees_meeting(who, w):
    if who.agency.pk in w.meeting_agencies:
        return True
    provincial = who.agency.jurisdiction_level == "province" and who.agency.province_id == w.meeting.province_id
    return who.role == "supervisor" and provincial


def edits_meeting(who, w):
    return who.agency.pk in w.meeting_agencies


def works_item(who, w):
    return who.agency.pk == w.item.owner_agency_id or edits_meeting(who, w)


# ---- the routes: what each step sends, who may, and the answer when they may ------------------------


@dataclass(frozen=True)
class Step:
    """One request of a route. ``may``: the rule; ``ok``: the status when it allows. Those without a
    case role get 403; those who may not see the record (``visible``) 404; the rest 403."""

    method: str
    may: Any
    ok: Any  # the status when ``may`` allows; or a function of (who, subject) giving the status
    body: Any = None  # a function of (subject, who) → the body; JSON for API routes
    args: Any = None  # a function of the subject → URL arguments, if not the route's usual ones
    note: str = ""
    scoped: bool = True  # False: the route never reads the record (no 404 for those who cannot see it)
    any_role: bool = False  # True: open to every signed-in officer, not only case roles
    reveal_first: bool = False  # True: the officer first reveals the case's identity with a reason (web or API)


TODAY = timezone.localdate


def _due(days):
    return lambda s, who: {
        "due-version": s.task.version,
        "due-due_date": (TODAY() + datetime.timedelta(days=days)).strftime("%d/%m/%Y"),
        "due-reason": "Chờ kết quả",
    }


def _document(which):
    return lambda s: {"case_id": s.case.pk, "document_id": getattr(s, which).pk}


# Routes about one case (the subject's case is hidden, 404, from those who may not see it).
CASE_ROUTES = {
    "cases:detail": [Step("get", sees_case, 200)],
    "cases:edit": [Step("get", edits, 200), Step("post", edits, 200, note="empty form: errors shown")],
    "cases:hide": [Step("post", any_case_role, 302, scoped=False, note="forgets a reveal in the session only")],
    "cases:reveal": [Step("post", reveals, 302, body=lambda s, w: {"reason": "Cần liên hệ gia đình nạn nhân"})],
    "cases:note_add": [Step("post", edits, 302, body=lambda s, w: {"category": "general", "body": "Ghi chú mới"})],
    "cases:document_add": [Step("get", edits, 200), Step("post", edits, 200, note="no file: errors shown")],
    # Every document may carry identity (an intake record names the person): the reveal rule applies.
    "cases:document_download": [
        Step("get", reveals, 302, args=_document("plain_document"), note="no reveal yet: sent to give a reason"),
        Step("get", reveals, 200, args=_document("plain_document"), reveal_first=True),
        Step("get", reveals, 200, args=_document("identity_document"), reveal_first=True, note="an identity document"),
    ],
    # The person's details are identity: shown after a reveal with a reason, like every way out.
    "cases:person_edit": [
        Step("get", edits_and_reveals, 302, note="no reveal yet: sent to give a reason"),
        Step("get", edits_and_reveals, 200, reveal_first=True),
        Step("post", edits_and_reveals, 200, reveal_first=True),
    ],
    "cases:consent_add": [Step("get", edits, 200), Step("post", edits, 200)],
    "cases:consent_withdraw": [
        Step("get", edits, 200, note="the confirmation page: what the consent covers, who relies on it"),
        Step("post", edits, 302),
    ],
    "identification:task_create": [Step("get", assigns, 200), Step("post", assigns, 200)],
    "identification:task": [
        Step("get", sees_case, 200),
        Step("post", works_task, 302, body=lambda s, w: {"action": "start", "version": s.task.version}),
    ],
    "identification:task_due_date": [Step("post", moves_due_date, 302, body=_due(30))],
    "identification:evidence_add": [Step("get", records_evidence, 200), Step("post", records_evidence, 200)],
    "identification:decision_create": [Step("get", decides, 200), Step("post", decides, 200)],
    "identification:return_certificate": [Step("get", certifies, 200), Step("post", certifies, 200)],
    "identification:transition": [Step("post", assigns, 302, body=lambda s, w: {"version": s.case.version})],
    "identification:close": [
        Step("get", assigns, 200, note="the confirmation page"),
        Step("post", assigns, 200, body=lambda s, w: {"version": s.case.version}, note="no reason: asked again"),
    ],
    "identification:decision_print": [
        Step("get", reveals, 302, note="no reveal yet: sent to give a reason"),
        Step("get", reveals, 200, reveal_first=True),
    ],
    "api:case": [
        Step("get", sees_case, 200),
        Step("patch", edits, 200, body=lambda s, w: {"version": s.case.version, "risk_level": "high"}),
    ],
    "api:case-reveal": [Step("post", reveals, 200, body=lambda s, w: {"reason": "Cần liên hệ gia đình nạn nhân"})],
    "api:case-timeline": [Step("get", sees_case, 200)],
    "api:case-notes": [
        Step("get", sees_case, 200),
        Step("post", edits, 201, body=lambda s, w: {"category": "general", "body": "Ghi chú"}),
    ],
    "api:case-documents": [Step("get", sees_case, 200), Step("post", edits, 400, note="no file: refused as input")],
    "api:case-document": [
        Step("get", reveals, 403, args=_document("plain_document"), note="no reveal yet: refused"),
        Step("get", reveals, 200, args=_document("plain_document"), reveal_first=True),
        Step("get", reveals, 200, args=_document("identity_document"), reveal_first=True, note="an identity document"),
    ],
    "api:case-link-person": [
        Step(
            "post",
            edits,
            ok=lambda who, s: (200 if sees_earlier_record(who, s) else 404) if edits(who, s) else 403,
            body=lambda s, w: {"person_id": s.earlier_person, "version": s.case.version},
            note="the earlier record must be one the agency sees too, else it is not found",
        ),
    ],
    "api:case-person": [
        Step("get", sees_case, 200),
        Step(
            "patch", edits_and_reveals, 200, body=lambda s, w: {"version": s.case.person.version, "ethnicity": "Kinh"}
        ),
    ],
    "api:case-consents": [
        Step("get", sees_case, 200),
        Step("post", edits, 201, body=lambda s, w: {"processing": True, "given_on": TODAY().isoformat()}),
    ],
    "api:case-consent-withdraw": [Step("post", edits, 200)],
    "api:case-verification-tasks": [
        Step("get", sees_case, 200),
        Step(
            "post",
            assigns,
            201,
            body=lambda s, w: {"kind": "nationality", "assignee_agency": s.task.assignee_agency_id},
        ),
    ],
    "api:case-verification-task": [
        Step("get", sees_case, 200),
        Step("post", works_task, 200, body=lambda s, w: {"action": "start", "version": s.task.version}),
    ],
    "api:case-verification-task-due-date": [
        Step(
            "post",
            moves_due_date,
            200,
            body=lambda s, w: {
                "version": s.task.version,
                "due_date": (TODAY() + datetime.timedelta(days=31)).isoformat(),
                "reason": "Chờ",
            },
        )
    ],
    "api:case-evidence": [
        Step("get", sees_case, 200),
        Step(
            "post",
            records_evidence,
            201,
            body=lambda s, w: {
                "source": "person_or_relatives",
                "obtained_on": TODAY().isoformat(),
                "description": "Lời khai",
            },
        ),
    ],
    "api:case-decisions": [
        Step("get", sees_case, 200),
        Step(
            "post",
            decides,
            400,
            body=lambda s, w: {
                "kind": "victim",
                "version": s.case.version,
                "decided_on": TODAY().isoformat(),
                "reason": "x",
            },
            note="allowed, then refused as input: no evidence chosen",
        ),
    ],
    "api:case-decision-document": [
        Step("get", reveals, 403, note="no reveal yet: refused"),
        Step("get", reveals, 200, reveal_first=True),
    ],
    "api:case-transitions": [
        Step("post", assigns, 200, body=lambda s, w: {"transition": "start_verification", "version": s.case.version})
    ],
    # ---- support ----
    "support:ledger": [Step("get", sees_case, 200)],
    "support:record_add": [
        Step("get", records_support, 200),
        Step("post", records_support, 200, note="empty form: errors shown"),
    ],
    "support:decision_add": [
        Step("get", decides_support, 200),
        Step("post", decides_support, 200, note="empty form: errors shown"),
    ],
    "support:record_approval": [
        Step("post", approves_support, 302, body=lambda s, w: {"version": s.support_record.version, "approve": "no"})
    ],
    # The payment record names the person: the reveal rule applies.
    # The walk's payment waits for approval: it never prints (decision 38), revealed or not.
    "support:record_print": [
        Step("get", reveals, 302, note="waiting for approval: sent back to the ledger"),
        Step("get", reveals, 302, reveal_first=True, note="still not approved: no payment record"),
    ],
    "api:case-entitlements": [Step("get", sees_case, 200)],
    "api:case-support-records": [
        Step("get", sees_case, 200),
        Step(
            "post",
            records_support,
            201,
            body=lambda s, w: {
                "item_code": "medical_care",
                "provider_kind": "hospital",
                "provider_name": "Bệnh viện Đa khoa",
                "date_from": TODAY().isoformat(),
                "quantity": 1,
            },
        ),
    ],
    "api:case-support-record-approval": [
        Step("post", approves_support, 200, body=lambda s, w: {"approve": False, "version": s.support_record.version})
    ],
    "api:case-support-decisions": [
        Step("get", sees_case, 200),
        Step(
            "post",
            decides_support,
            201,
            body=lambda s, w: {
                "kind": "allow_over",
                "item_code": "food",
                "number": "16/QĐ-SYT",
                "decided_on": TODAY().isoformat(),
                "signer_name": "Nguyễn Văn An",
                "signer_title": "Giám đốc",
                "reason": "Giá cả tăng",
            },
        ),
    ],
    # ---- protection ----
    "protection:alert_create": [Step("get", edits, 200), Step("post", edits, 200, note="empty: errors shown")],
    "protection:assessment_create": [Step("get", protects, 200), Step("post", protects, 200, note="empty")],
    "protection:assessment": [
        Step("get", sees_case, 200, args=lambda s: {"case_id": s.case.pk, "assessment_id": s.assessment.pk})
    ],
    "protection:measure_create": [Step("get", protects, 200), Step("post", protects, 200, note="empty")],
    "protection:measure": [
        Step("get", sees_case, 200, args=lambda s: {"case_id": s.case.pk, "measure_id": s.measure.pk}),
        Step(
            "post",
            protects,
            200,
            args=lambda s: {"case_id": s.case.pk, "measure_id": s.measure.pk},
            note="empty review: errors shown",
        ),
    ],
    "protection:measure_refusal": [
        Step("get", protects, 200, args=lambda s: {"case_id": s.case.pk, "measure_id": s.measure.pk}),
        Step("post", protects, 200, args=lambda s: {"case_id": s.case.pk, "measure_id": s.measure.pk}),
    ],
    "api:case-risk-assessments": [
        Step("get", sees_case, 200),
        Step("post", protects, 201, body=lambda s, w: {"level": "low", "codes": ["retrafficking"]}),
    ],
    "api:case-protection-measures": [
        Step("get", sees_case, 200),
        Step("post", protects, 400, body=lambda s, w: {}, note="empty: refused as input"),
    ],
    "api:case-protection-measure-review": [
        Step(
            "post",
            protects,
            200,
            args=lambda s: {"case_id": s.case.pk, "measure_id": s.measure.pk},
            body=lambda s, w: {"version": s.measure.version, "outcome": "continue", "note": "Vẫn cần thiết"},
        )
    ],
    "api:case-protection-measure-refusal": [
        Step(
            "post",
            protects,
            400,
            args=lambda s: {"case_id": s.case.pk, "measure_id": s.measure.pk},
            note="nothing sent (no commitment): refused as input",
        )
    ],
    "api:case-danger-alerts": [
        Step("get", sees_case, 200),
        Step("post", edits, 201, body=lambda s, w: {"description": "Người lạ gọi điện hỏi chỗ ở"}),
    ],
    # ---- shelters ----
    "shelters:admit": [Step("get", admits, 200), Step("post", admits, 200, note="empty form: errors shown")],
    "shelters:over_capacity": [
        Step("get", allows_over_capacity, 200),
        Step("post", allows_over_capacity, 200, note="empty form: errors shown"),
    ],
    "shelters:discharge": [Step("get", changes_stay, 200), Step("post", changes_stay, 200, note="empty form")],
    "shelters:transfer": [Step("get", changes_stay, 200), Step("post", changes_stay, 200, note="empty form")],
    "shelters:extend": [Step("get", extends_stay, 200), Step("post", extends_stay, 200, note="empty form")],
    "api:case-stays": [Step("get", sees_case, 200), Step("post", admits, 400, note="empty body: refused as input")],
    "api:case-stay-discharge": [Step("post", changes_stay, 400, note="empty body")],
    "api:case-stay-transfer": [Step("post", changes_stay, 400, note="empty body")],
    "api:case-stay-extend": [Step("post", extends_stay, 400, note="empty body")],
    "api:case-over-capacity-decisions": [Step("post", allows_over_capacity, 400, note="empty body")],
    # ---- referrals ----
    "referrals:create": [Step("get", edits, 200), Step("post", edits, 200, note="empty form: errors shown")],
    "api:case-referrals": [
        Step("get", sees_case, 200),
        Step("post", edits, 400, body=lambda s, w: {}, note="empty: refused as input"),
    ],
    # ---- reintegration ----
    "reintegration:needs_create": [Step("get", supports, 200), Step("post", supports, 200, note="empty form")],
    "reintegration:needs": [Step("get", sees_case, 200)],
    "reintegration:plan_create": [Step("get", supports, 200), Step("post", supports, 200, note="empty form")],
    "reintegration:plan": [Step("get", sees_case, 200)],
    "reintegration:plan_review": [Step("get", supports, 200), Step("post", supports, 200, note="empty form")],
    "reintegration:plan_close": [Step("get", supports, 200), Step("post", supports, 200, note="empty form")],
    "reintegration:service_add": [Step("get", supports, 200), Step("post", supports, 200, note="empty form")],
    "reintegration:service_status": [
        Step("post", supports, 302, body=lambda s, w: {"version": 1, "status": "in_progress"})
    ],
    "reintegration:escort_create": [Step("get", supports, _escorts, note="a child's case only")],
    "reintegration:family_contact_create": [Step("get", supports, 200), Step("post", supports, 200)],
    "reintegration:return_create": [Step("get", supports, 200), Step("post", supports, 200)],
    "reintegration:visit": [
        Step("get", sees_case, 200),
        Step(
            "post",
            supports,
            302,
            body=lambda s, w: {
                "version": 1,
                "status": "done",
                "visited_on": TODAY().strftime("%d/%m/%Y"),
                "findings": "Ổn định",
            },
        ),  # fmt: skip
    ],
    "reintegration:assessment_create": [Step("get", supports, 200), Step("post", supports, 200)],
    "reintegration:retrafficking_create": [Step("get", supports, 200), Step("post", supports, 200)],
    "api:case-needs-assessments": [
        Step("get", sees_case, 200),
        Step("post", supports, 201, body=lambda s, w: {"assessed_on": _on(), "wishes": "Về nhà", "safety": "some"}),
    ],
    "api:case-support-plans": [
        Step("get", sees_case, 200),
        Step(
            "post",
            supports,
            409,
            body=lambda s, w: {"goals": "Học nghề", "starts_on": _on(), "owner_agency": s.case.receiving_agency_id},
            note="allowed, then refused: a plan is already in progress",
        ),
    ],
    "api:case-support-plan-review": [
        Step("post", supports, 200, body=lambda s, w: {"version": 1, "reviewed_on": _on(), "notes": "Tốt"})
    ],
    "api:case-support-plan-close": [
        Step(
            "post",
            supports,
            200,
            body=lambda s, w: {"version": 1, "outcome": "cancelled", "closed_on": _on(), "reason": "Chuyển nơi ở"},
        )
    ],
    "api:case-support-plan-services": [
        Step(
            "post",
            supports,
            201,
            body=lambda s, w: {
                "service_type": "loan",
                "target_date": _on(30),
                "owner_agency": s.case.receiving_agency_id,
            },
        )
    ],
    "api:case-planned-service": [
        Step("post", supports, 200, body=lambda s, w: {"version": 1, "status": "in_progress"})
    ],
    "api:case-child-escorts": [
        Step("get", sees_case, 200),
        Step(
            "post",
            supports,
            _escorts_api,
            body=lambda s, w: {
                "escorted_on": _on(),
                "destination": "guardian",
                "receiver_name": "Bà ngoại",
                "receiver_relationship": "grandparent",
                "receiver_id_checked": True,
            },
            note="a child's case only",
        ),  # fmt: skip
    ],
    "api:case-family-contacts": [
        Step("get", sees_case, 200),
        Step("post", supports, 201, body=lambda s, w: {"contacted_on": _on(), "method": "phone", "outcome": "ready"}),
    ],
    "api:case-returns": [
        Step("get", sees_case, 200),
        Step(
            "post",
            supports,
            409,
            body=lambda s, w: {"returned_on": _on(), "place": "family", "follow_up_agency": s.case.receiving_agency_id},
            note="allowed, then refused: the earlier return's visit is still scheduled",
        ),
    ],
    "api:case-follow-up-visits": [Step("get", sees_case, 200)],
    "api:case-follow-up-visit": [
        Step(
            "post",
            supports,
            200,
            body=lambda s, w: {"version": 1, "status": "done", "visited_on": _on(), "findings": "Ổn định"},
        )
    ],
    "api:case-reintegration-assessments": [
        Step("get", sees_case, 200),
        Step(
            "post",
            supports,
            201,
            body=lambda s, w: {
                "assessed_on": _on(),
                "safety": 3,
                "income": 2,
                "housing": 4,
                "family": 4,
                "community": 3,
                "level": "progressing",
                "recommendation": "continue",
                # the health score: a medical record, given by health and social-support staff only
                **({"health": 3} if w.agency.agency_type.code in HEALTH_TYPES else {}),
            },
        ),  # fmt: skip
    ],
    "api:case-retrafficking-links": [
        Step("get", sees_case, 200),
        Step(
            "post",
            supports,
            400,
            body=lambda s, w: {"new_case_number": "00-0000-000000", "flagged_on": _on()},
            note="allowed, then refused as input: no case of that number",
        ),
    ],
}

# Routes about the agency's own work, not one record: every case role may.
OWN_WORK_ROUTES = {
    "home:home": [Step("get", any_case_role, 200, any_role=True, note="every officer has a start page")],
    "home:work": [Step("get", any_case_role, 200, any_role=True, note="every officer has a work page")],
    "cases:list": [Step("get", any_case_role, 200)],
    "cases:intake": [Step("get", any_case_role, 200), Step("post", any_case_role, 200)],
    "cases:intake_step": [
        Step("get", any_case_role, 200, args=lambda w: {"step": 1}),
        Step("post", any_case_role, 200, args=lambda w: {"step": 1}, note="empty step: errors shown"),
    ],
    "cases:intake_check": [Step("get", any_case_role, 302, note="no draft named: back to the start page")],
    "cases:intake_discard": [Step("post", any_case_role, 302, note="no draft named: back to the start page")],
    "cases:figures": [Step("get", any_case_role, 200, any_role=True, note="figures of the agency's territory")],
    "cases:break_glass": [Step("get", any_case_role, 200)],
    "identification:queue": [Step("get", any_case_role, 200)],
    "api:match-requests": [Step("get", any_case_role, 200)],
    "api:my-work": [Step("get", any_case_role, 200, any_role=True, note="every officer has work")],
    "tips:list": [Step("get", any_case_role, 200)],
    "tips:create": [Step("get", any_case_role, 200), Step("post", any_case_role, 200)],
    "tips:register": [Step("get", any_case_role, 200)],
    "tips:register_add": [Step("get", keeps_any_register, 200)],
    "api:cases": [Step("get", any_case_role, 200), Step("post", any_case_role, 400, note="empty intake refused")],
    "cases:emergency_access_list": [Step("get", any_case_role, 200)],
    "api:emergency-access": [Step("get", any_case_role, 200)],
    "api:break-glass": [
        Step(
            "post",
            any_case_role,
            break_glass_answer,
            body=lambda w, who: {
                "case_number": w.adult.case.number,
                "category": "danger_to_life",
                "justification": "Người này gọi đường dây nóng báo đang bị giữ tại bến xe, cần xác minh ngay",
            },
        )
    ],
    "api:verification-queue": [Step("get", any_case_role, 200)],
    "api:tips": [Step("get", any_case_role, 200), Step("post", any_case_role, 400)],
    "api:register-entries": [Step("get", any_case_role, 200), Step("post", any_case_role, 400)],
    # ---- protection ----
    "protection:alerts": [Step("get", any_case_role, 200)],
    "api:danger-alerts": [Step("get", any_case_role, 200)],
    # ---- shelters ----
    "shelters:list": [Step("get", any_case_role, 200, note="the facilities of the officer's province")],
    # ---- referrals ----
    "referrals:list": [Step("get", any_case_role, 200, note="the agency's own referrals")],
    "api:referrals": [Step("get", any_case_role, 200, note="the agency's own referrals")],
    "api:shelter-facilities": [Step("get", any_case_role, 200, note="the facilities of the officer's province")],
    # ---- coordination ----
    "coordination:meetings": [Step("get", any_case_role, 200, note="the meetings the officer may see")],
    "coordination:meeting_create": [
        Step("get", any_case_role, 200),
        Step("post", any_case_role, 200, note="empty form: errors shown"),
    ],
    "api:meetings": [Step("get", any_case_role, 200), Step("post", any_case_role, 400, note="empty: refused")],
}

# Routes about one tip or one register entry (hidden, 404, from those who may not see it).
TIP_ROUTES = {
    "tips:detail": [Step("get", sees_tip, 200)],
    "tips:triage": [
        Step("post", handles_tip, 302, body=lambda w, who: {"version": w.tip.version, "priority": "urgent"})
    ],
    "tips:forward": [Step("post", handles_tip, 302)],
    "tips:link_case": [Step("post", handles_tip, 302)],
    "tips:close": [Step("post", handles_tip, 302)],
    "tips:hide": [Step("post", any_case_role, 302, scoped=False, note="forgets a reveal in the session only")],
    "tips:reveal": [Step("post", handles_tip, 302, body=lambda w, who: {"reason": "Cần gọi lại người báo tin"})],
    "api:tip": [Step("get", sees_tip, 200)],
    "api:tip-timeline": [Step("get", sees_tip, 200)],
    "api:tip-triage": [
        Step("post", handles_tip, 200, body=lambda w, who: {"version": w.tip.version, "priority": "urgent"})
    ],
    "api:tip-forward": [Step("post", handles_tip, 400)],
    "api:tip-link-case": [Step("post", handles_tip, 400)],
    "api:tip-close": [Step("post", handles_tip, 400)],
    "api:tip-reveal": [Step("post", handles_tip, 200, body=lambda w, who: {"reason": "Cần gọi lại người báo tin"})],
}
ENTRY_ROUTES = {
    "tips:register_edit": [Step("get", keeps_register, 200), Step("post", keeps_register, 200)],
    "tips:register_link_case": [Step("post", keeps_register, 302)],
    "api:register-entry": [
        Step("patch", keeps_register, 200, body=lambda w, who: {"version": w.entry.version, "status": "found_safe"})
    ],
    "api:register-entry-link-case": [Step("post", keeps_register, 400)],
}


def _requested(w):
    return {"grant_id": w.requested.pk}


def _used(w):
    return {"grant_id": w.used.pk}


# Routes about one emergency access: a request waiting for a decision, an access used waiting for review.
REQUEST_ROUTES = {
    "cases:emergency_access_detail": [
        Step("get", sees_request, 200, args=_requested, any_role=True, note="auditors oversee it"),
        Step("post", decides_request, 302, args=_requested, any_role=True, body=lambda w, who: {"decision": "approve"}),
    ],
    "api:emergency-access-detail": [Step("get", sees_request, 200, args=_requested, any_role=True)],
    "api:emergency-access-decision": [
        Step("post", decides_request, 200, args=_requested, body=lambda w, who: {"approve": True})
    ],
}


def _match(w):
    return {"request_id": w.match.pk}


# A request to confirm a possible earlier record, waiting for the holding agency's answer (bodies that
# change nothing: the walk's world stays as it is).
MATCH_ROUTES = {
    "cases:match_request": [
        Step("get", answers_match, 200, args=_match),
        Step("post", answers_match, 200, args=_match, body=lambda w, who: {"version": w.match.version}),
    ],
    "api:match-request-detail": [Step("get", answers_match, 200, args=_match)],
    "api:match-request-answer": [
        Step("post", answers_match, 400, args=_match, body=lambda w, who: {"version": w.match.version})
    ],
}
USE_ROUTES = {
    "api:emergency-access-review": [
        Step("post", reviews_use, 200, args=_used, body=lambda w, who: {"outcome": "justified"})
    ],
}


# ---- protection ----
def _alert(w):
    return {"alert_id": w.adult.alert.pk}


# The adult's danger alert (hidden, 404, from those it did not reach and who may not open the case).
ALERT_ROUTES = {
    "protection:alert": [
        Step("get", sees_alert, 200, args=_alert),
        Step(
            "post",
            acknowledges_alert,
            200,
            args=_alert,
            body=lambda w, who: {"version": w.adult.alert.version},
            note="nothing said of what was done: errors shown",
        ),  # fmt: skip
    ],
    "api:danger-alert": [Step("get", sees_alert, 200, args=_alert)],
    "api:danger-alert-acknowledge": [
        Step("post", acknowledges_alert, 400, args=_alert, body=lambda w, who: {}, note="empty: refused as input")
    ],
}


# ---- shelters ----
# Routes about one facility (Cần Thơ's social support centre): hidden (404) from those who do not place
# people there.
FACILITY_ROUTES = {
    "shelters:facility": [Step("get", sees_occupancy, 200, note="residents only to the facility's own staff")],
    "shelters:places": [
        Step("get", manages_places, 200),
        Step("post", manages_places, 200, note="empty form: shown again, nothing changed"),
    ],
}


# ---- referrals ----
def _referral(w):
    return {"referral_id": w.referral.pk}


# The adult's referral to Cần Thơ's legal-aid centre, sent (hidden, 404, from those who neither may open the
# case nor receive it).
REFERRAL_ROUTES = {
    "referrals:detail": [Step("get", sees_referral, 200, args=_referral)],
    "referrals:act": [Step("post", acts_on_referral, _acts_page, args=_referral, body=_referral_step)],
    "api:referral": [Step("get", sees_referral, 200, args=_referral)],
    "api:referral-transitions": [Step("post", acts_on_referral, _acts_api, args=_referral, body=_referral_step)],
}


# ---- coordination ----
# Cần Thơ's joint reception at the border gate (border guard, health department, social work centre) and
# its action item owned by the health department (hidden, 404, from those who may not see the meeting).
def _item_status(w, who):
    return {"version": w.item.version, "status": "done"}


MEETING_ROUTES = {
    "coordination:meeting": [Step("get", sees_meeting, 200)],
    "coordination:meeting_edit": [
        Step("get", edits_meeting, 200),
        Step("post", edits_meeting, 200, note="empty form: errors shown, nothing changed"),
    ],
    "coordination:item_add": [
        Step("get", edits_meeting, 200),
        Step("post", edits_meeting, 200, note="empty form: errors shown, nothing changed"),
    ],
    "coordination:item_status": [Step("post", works_item, 302, body=_item_status)],
    "api:meeting": [
        Step("get", sees_meeting, 200),
        Step("patch", edits_meeting, 400, body=lambda w, who: {"version": w.meeting.version}, note="incomplete"),
    ],
    "api:meeting-action-items": [Step("post", edits_meeting, 400, body=lambda w, who: {}, note="empty: refused")],
    "api:meeting-action-item-status": [
        Step("post", works_item, 200, body=lambda w, who: {"version": w.item.version, "status": "done"})
    ],
}
DECLARED = {
    **CASE_ROUTES,
    **OWN_WORK_ROUTES,
    **TIP_ROUTES,
    **ENTRY_ROUTES,
    **REQUEST_ROUTES,
    **USE_ROUTES,
    **MATCH_ROUTES,
    # ---- protection ----
    **ALERT_ROUTES,
    **FACILITY_ROUTES,
    **REFERRAL_ROUTES,
    **MEETING_ROUTES,
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry.callback


@functools.cache
def case_routes():
    """Every route of the resolver marked as reaching case data: ``{name: route}``."""
    return {name: route for route, name, callback in _walk(get_resolver()) if access_mark(callback) == CASE_DATA}


# ---- the world, made once --------------------------------------------------------------------------


@dataclass
class World:
    adult: Subject
    child: Subject
    tip: Any
    entry: Any
    requested: Any  # emergency access asked for from another province: waits for a supervisor
    used: Any  # emergency access opened within the bounds: waits for review
    match: Any = None  # the child's receiver asks the adult's responsible agency: same person?
    # ---- shelters ----
    facility: Any = None  # Cần Thơ's social support centre, where the adult stays
    # ---- referrals ----
    referral: Any = None  # the adult referred by the Phú Lợi ward to Cần Thơ's legal-aid centre, sent
    # ---- coordination ----
    meeting: Any = None  # Cần Thơ's joint reception at the border gate
    meeting_agencies: set = field(default_factory=set)
    item: Any = None  # its action item, owned by Cần Thơ's health department


def _actor(username):
    membership = Membership.objects.select_related("agency__agency_type").get(user__username=username, is_active=True)
    return Actor(membership.user, membership)


def _intake(actor, name, birth_year, province, commune, responsible=None, route="cross_border"):
    data = case_services.IntakeData(
        person=case_services.PersonData(full_name=name, sex="female", birth_year=birth_year, id_number="0920010099"),
        channel="official_handover",
        received_at=RECEIVED,
        province_id=province,
        commune_id=commune,
        route=route,
        destination_country="CN",
        risk_level="high",
        responsible_agency_id=responsible.pk if responsible else None,
    )
    return case_services.intake_record(actor=actor, data=data)


def _document(actor, case, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return case_services.document_add(
        actor=actor, case=case, kind=kind, uploaded_file=SimpleUploadedFile("giay-to.pdf", content, "application/pdf")
    )


def _subject(
    receiver, name, birth_year, province, commune, *, responsible, requester, police, border_guard, child, partner=None
):
    case = _intake(receiver, name, birth_year, province, commune, responsible)
    earlier = _intake(receiver, f"{name} Bản Cũ", birth_year, province, commune, responsible)
    requester_actor = _actor(requester)
    task = identification_services.verification_task_create(
        actor=requester_actor,
        case=case,
        kind="identity",
        assignee_agency_id=police.pk,
        partner_agency_id=partner.pk if partner else None,
    )
    # The border guard takes part through a task of its own, and issues the certificate of return.
    identification_services.verification_task_create(
        actor=requester_actor, case=case, kind="documents_abroad", assignee_agency_id=border_guard.pk
    )
    guard = _actor(f"{'ct' if province == 92 else 'dn'}.bdbp.verifier")
    certificate = identification_services.return_certificate_issue(
        actor=guard, case=case, decided_on=timezone.localdate(), reason="Về qua cửa khẩu", signer_name="Đồn trưởng"
    )
    consent = case_services.consent_record(
        actor=receiver, case=case, processing=True, share_with=["health_department"], given_on=timezone.localdate()
    )
    # ---- support ----
    support_record = _support_record(case, "ct" if province == 92 else "dn")
    case.refresh_from_db()
    task.refresh_from_db()
    participants = {}
    for agency_id, role in case.participants.filter(is_active=True).values_list("agency_id", "role"):
        participants.setdefault(agency_id, set()).add(role)
    return Subject(
        case=case,
        child=child,
        task=task,
        plain_document=_document(receiver, case, "intake_record"),
        identity_document=_document(receiver, case, "id_document"),
        consent=consent,
        certificate=certificate,
        earlier_person=earlier.person_id,
        participants=participants,
        earlier_participants=set(earlier.participants.filter(is_active=True).values_list("agency_id", flat=True)),
        support_record=support_record,
    )


# ---- support ----
def _support_record(case, province_key):
    """The province's health department (the lead agency, taking part by law): its supervisor allows a
    hardship allowance above the entitlement, its case worker records it; it waits for approval."""
    supervisor, worker = _actor(f"{province_key}.syt.supervisor"), _actor(f"{province_key}.syt.case_worker")
    decision = support_services.decision_record(
        actor=supervisor,
        case=case,
        number="15/QĐ-UBND",
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        kind="allow_over",
        item_code="hardship_allowance",
        decided_on=timezone.localdate(),
        reason="Hoàn cảnh đặc biệt khó khăn",
    )
    record = support_services.record_add(
        actor=worker,
        case=case,
        data={
            "item_code": "hardship_allowance",
            "provider_kind": "agency",
            "provider_agency_id": worker.agency.pk,
            "date_from": timezone.localdate(),
            "quantity": 1,
            "unit_rate": 1_000_000,
            "funding_source": "state_budget",
            "decision_id": decision.pk,
        },
    )
    assert record.status == "awaiting_approval"
    return record


# ---- protection ----
def _protection_records(subject, worker):
    """A risk assessment, a restricted-contact measure and a danger alert on the subject's case."""
    actor = _actor(worker)
    case = subject.case
    subject.assessment = protection_services.risk_assess(actor=actor, case=case, level="high", codes=["traffickers"])
    police = Agency.objects.get(agency_type__code="province_police", province_id=case.province_id)
    subject.measure = protection_services.measure_record(
        actor=actor,
        case=case,
        measure_type_id=protection_services.measure_types_for(case).get(code="restrict_contact").pk,
        protects="victim",
        requested_by_agency_id=actor.agency.pk,
        deciding_agency_id=police.pk,
        deciding_official="Phó Giám đốc Công an",
        decided_on=timezone.localdate(),
        start_date=timezone.localdate(),
    )
    subject.alert = protection_services.alert_raise(actor=actor, case=case, description="Người lạ gọi hỏi chỗ ở")
    subject.alert_agencies = set(
        Agency.objects.filter(
            province_id=case.province_id,
            jurisdiction_level="province",
            agency_type__code__in=("province_police", "border_guard"),
            is_active=True,
        ).values_list("pk", flat=True)
    )


def _build_world():
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    health = Agency.objects.get(name="Sở Y tế Cần Thơ")
    adult = _subject(
        _actor("ct.phuloi.ubnd.intake_officer"),
        ADULT_NAME,
        1998,
        92,
        31510,
        responsible=health,
        requester="ct.syt.supervisor",
        # The border guard verifies and issues the certificate; the provincial police only oversee.
        police=Agency.objects.get(name="Bộ Chỉ huy Bộ đội Biên phòng Cần Thơ"),
        border_guard=Agency.objects.get(name="Bộ Chỉ huy Bộ đội Biên phòng Cần Thơ"),
        child=False,
        # The ward's police work the identity check with it, named as partner.
        partner=Agency.objects.get(agency_type__code="commune_police", commune_id=31510),
    )
    child = _subject(
        _actor("dn.taygiang.ubnd.intake_officer"),
        CHILD_NAME,
        timezone.now().year - 15,
        48,
        20455,
        responsible=None,
        requester="dn.taygiang.ubnd.case_worker",
        # The commune police verify; the city police only oversee (the health department, the
        # province's lead agency, takes part in every case received in the province by law).
        police=Agency.objects.get(agency_type__code="commune_police", commune_id=20455),
        border_guard=Agency.objects.get(name="Bộ Chỉ huy Bộ đội Biên phòng Đà Nẵng"),
        child=True,
    )
    receiver = _actor("ct.phuloi.ubnd.intake_officer")
    tip = tip_services.tip_register(
        actor=receiver,
        data=tip_services.TipData(
            received_at=RECEIVED,
            source="family",
            province_id=92,
            commune_id=31510,
            summary="Mẹ báo con gái mất liên lạc",
            subject_name="Lâm Thị Hoa",
        ),
    )
    entry = tip_services.register_entry_add(
        actor=receiver,
        data=tip_services.RegisterEntryData(
            commune_id=31510, category="missing_person", full_name="Lâm Thị Hoa", since=timezone.localdate()
        ),
    )
    why = "Người này gọi đường dây nóng báo đang bị giữ tại bến xe, cần xác minh ngay"
    requested = case_services.emergency_access_ask(
        actor=_actor("ct.ca.verifier"), case_id=child.case.pk, category="danger_to_life", justification=why
    )
    used = case_services.emergency_access_ask(
        actor=_actor("dn.ttctxh.case_worker"), case_id=child.case.pk, category="missing_person", justification=why
    )
    assert requested.status == "requested" and used.is_live
    child.emergency_holders = {used.user_id}
    match = MatchRequest.objects.create(
        case=child.case,
        candidate_id=adult.case.person_id,
        score=90,
        asking_agency=child.case.receiving_agency,
        asked_by=child.case.created_by,
        holding_agency=adult.case.responsible_agency,
        due_date=timezone.localdate(),
    )
    # ---- protection ----
    _protection_records(adult, "ct.phuloi.ubnd.case_worker")
    _protection_records(child, "dn.taygiang.ubnd.case_worker")
    world = World(adult=adult, child=child, tip=tip, entry=entry, requested=requested, used=used, match=match)
    # ---- shelters ----
    # Each province's social support centre is referred the case (with consent) and houses the person.
    for subject, key, group in ((adult, "ct", "women"), (child, "dn", "children")):
        staff = _actor(f"{key}.ttctxh.case_worker")
        CaseParticipant.objects.create(
            case=subject.case, agency=staff.agency, role="referral_recipient", basis="consent"
        )
        subject.participants.setdefault(staff.agency.pk, set()).add("referral_recipient")
        case = type(subject.case).objects.get(pk=subject.case.pk)
        subject.stay = shelter_services.stay_admit(
            actor=staff, case=case, group=group, admitted_on=timezone.localdate()
        )
        subject.case.refresh_from_db()
    world.facility = adult.stay.facility
    # ---- reintegration ----
    for subject, officer in ((adult, "ct.phuloi.ubnd.intake_officer"), (child, "dn.taygiang.ubnd.intake_officer")):
        subject.support = _support(_actor(officer), subject)
    # ---- referrals ----
    # On a legal exception (the adult's consent names only the health department), basic facts only.
    sender = _actor("ct.phuloi.ubnd.case_worker")
    draft = referral_services.referral_draft(
        actor=sender,
        case=adult.case,
        kind="legal_aid",
        recipient_agency_id=Agency.objects.get(name="Trung tâm Trợ giúp pháp lý nhà nước Cần Thơ").pk,
        sections=["basic"],
        wish="return_home",
        legal_exception=SharingException.objects.filter(effective_to__isnull=True).first().pk,
    )
    world.referral = referral_services.referral_act(actor=sender, referral=draft, action="send", expected_version=1)
    # ---- coordination ----
    _meeting(world)
    return world


# ---- coordination ----
def _meeting(world):
    guard = _actor("ct.bdbp.intake_officer")
    health = Agency.objects.get(name="Sở Y tế Cần Thơ")
    others = [health, world.facility]
    world.meeting = coordination_services.meeting_record(
        actor=guard,
        data=coordination_services.MeetingData(
            kind="joint_reception",
            held_on=timezone.localdate(),
            purpose="Tiếp nhận công dân trở về qua cửa khẩu",
            minutes="Thống nhất phân công",
            agency_ids=[a.pk for a in others],
        ),
    )
    world.meeting_agencies = set(world.meeting.agencies.values_list("pk", flat=True))
    world.item = coordination_services.action_item_add(
        actor=guard,
        meeting=world.meeting,
        description="Xác minh nhân thân",
        owner_agency_id=health.pk,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )


# ---- reintegration ----
def _support(actor, subject):
    """The subject's needs assessment, plan with one service, return (the child's through her escort home)
    and its first follow-up visit, recorded by the receiving commune's officer."""
    case, today = subject.case, timezone.localdate()
    assessment = reintegration_services.needs_assess(
        actor=actor, case=case, assessed_on=today, wishes="Về nhà", answers={"safety": "some"}
    )
    child = (
        {"child_wishes_heard_on": today, "child_wishes": "Ở với bà", "child_plan": "Đi học"} if subject.child else {}
    )
    plan = reintegration_services.plan_create(
        actor=actor, case=case, goals="Học nghề", starts_on=today, owner_agency_id=actor.agency.pk, **child
    )
    service = reintegration_services.service_add(
        actor=actor, plan=plan, service_type="vocational", target_date=today, owner_agency_id=actor.agency.pk
    )
    if subject.child:
        reintegration_services.escort_record(
            actor=actor, case=case, escorted_on=today, destination="guardian", receiver_name="Bà ngoại",
            receiver_relationship="grandparent", receiver_id_checked=True, return_home=True,
            follow_up_agency_id=actor.agency.pk,
        )  # fmt: skip
    else:
        reintegration_services.return_record(
            actor=actor, case=case, returned_on=today, place="family", follow_up_agency_id=actor.agency.pk
        )
    visit = case.follow_up_visits.get()
    return {"assessment": assessment.pk, "plan": plan.pk, "service": service.pk, "visit": visit.pk}


def _memberships():
    return list(
        Membership.objects.filter(is_active=True)
        .select_related("user", "agency", "agency__agency_type")
        .order_by("user__username", "pk")
    )


def _expected(step, who, subject, visible):
    if not who.works_with_cases and not step.any_role:
        return 403
    if visible is not None and step.scoped and not visible(who, subject):
        return 404
    return step.ok(who, subject) if callable(step.ok) else (step.ok if step.may(who, subject) else 403)


@dataclass(frozen=True)
class Walked:
    """A route walked for one subject: its steps, the URL of each, and who cannot see the subject."""

    name: str
    subject: Any
    visible: Any
    steps: list


def _group(world, group):
    """The routes of one part of the walk, each with its subject."""
    if group in ("adult", "child"):
        subject = getattr(world, group)
        return [Walked(name, subject, sees_case, steps) for name, steps in CASE_ROUTES.items()]
    return [
        *(Walked(name, world, sees_occupancy, steps) for name, steps in FACILITY_ROUTES.items()),  # shelters
        *(Walked(name, world, None, steps) for name, steps in OWN_WORK_ROUTES.items()),
        *(Walked(name, world, sees_tip, steps) for name, steps in TIP_ROUTES.items()),
        *(Walked(name, world, keeps_register, steps) for name, steps in ENTRY_ROUTES.items()),
        *(Walked(name, world, sees_request, steps) for name, steps in REQUEST_ROUTES.items()),
        *(Walked(name, world, sees_use, steps) for name, steps in USE_ROUTES.items()),
        *(Walked(name, world, answers_match, steps) for name, steps in MATCH_ROUTES.items()),
        # ---- protection ----
        *(Walked(name, world, sees_alert, steps) for name, steps in ALERT_ROUTES.items()),
        # ---- referrals ----
        *(Walked(name, world, sees_referral, steps) for name, steps in REFERRAL_ROUTES.items()),
        # ---- coordination ----
        *(Walked(name, world, sees_meeting, steps) for name, steps in MEETING_ROUTES.items()),
    ]


def _role_class(who, answers, number):
    """The role as the rules see it on this route, or None to leave this officer out of it.

    The rules treat every role without case work alike (no case data, ever), and every officer who
    cannot see the record alike (it does not exist for them): one class each per route, taken from a
    different role from route to route, so each role is walked as each of them somewhere."""
    if not who.works_with_cases:
        return "no case role" if who.role == NON_CASE_ROLES[number % len(NON_CASE_ROLES)] else None
    if all(answer == 404 for answer in answers):
        return "outside" if who.role == ORDERED_CASE_ROLES[number % len(ORDERED_CASE_ROLES)] else None
    return who.role


def walk_plan(world, group):
    """``{membership: [(route, step, expected status)]}``: for every route, one officer of each of its
    role classes — a role together with the answers that role gets from the route (participant or not,
    overseer or not, the agency a task is assigned to...). Two officers of the same role who must get
    the same answers from a route are one class for it."""
    members = [Who(m) for m in _memberships()]
    plan = {}
    for number, walked in enumerate(_group(world, group)):
        classes = {}
        for who in members:
            answers = tuple(_expected(step, who, walked.subject, walked.visible) for step in walked.steps)
            role = _role_class(who, answers, number)
            if role is not None:
                classes.setdefault((role, answers), who)
        for (_role, answers), who in classes.items():
            plan.setdefault(who.membership, []).extend(
                (walked, step, expected) for step, expected in zip(walked.steps, answers, strict=True)
            )
    return plan


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# ---- walking -----------------------------------------------------------------------------------------


def _send(client, step, url, body, subject=None):
    """One request in a savepoint rolled back after it: what it changed is gone for the next one.
    With ``reveal_first``, the reveal with a reason comes first in the same savepoint (the web's is
    remembered in the session: it is forgotten again after the request)."""
    kwargs = {}
    api = url.startswith("/api/")
    if body is not None:
        kwargs = {"data": body, "content_type": "application/json"} if api else {"data": body}
    with transaction.atomic():
        if step.reveal_first:
            reason = {"reason": "Cần đối chiếu giấy tờ của nạn nhân"}
            if api:
                client.post(f"/api/cases/{subject.case.pk}/reveal/", reason, content_type="application/json")
            else:
                client.post(f"/cases/{subject.case.pk}/reveal/", reason)
        response = getattr(client, step.method)(url, **kwargs)
        if step.reveal_first and not api:
            client.post(f"/cases/{subject.case.pk}/hide/")
        transaction.set_rollback(True)
    return response


def _url(walked, step):
    subject = walked.subject
    if step.args is not None:
        return reverse(walked.name, kwargs=step.args(subject))
    route = case_routes()[walked.name]
    values = {
        "case_id": lambda: subject.case.pk,
        "task_id": lambda: subject.task.pk,
        "consent_id": lambda: subject.consent.pk,
        "decision_id": lambda: subject.certificate.pk,
        "fmt": lambda: "docx",
        "name": lambda: "start_verification",
        "tip_id": lambda: subject.tip.pk,
        "entry_id": lambda: subject.entry.pk,
        # ---- support ----
        "record_id": lambda: subject.support_record.pk,
        # ---- shelters ----
        "stay_id": lambda: subject.stay.pk,
        "facility_id": lambda: subject.facility.pk,
        # ---- coordination ----
        "meeting_id": lambda: subject.meeting.pk,
        "item_id": lambda: subject.item.pk,
        # ---- reintegration ----
        "assessment_id": lambda: subject.support["assessment"],
        "plan_id": lambda: subject.support["plan"],
        "service_id": lambda: subject.support["service"],
        "visit_id": lambda: subject.support["visit"],
    }
    return reverse(walked.name, kwargs={key: make() for key, make in values.items() if f":{key}>" in route})


def _relation(who, world, group):
    """How the officer stands to the case of the group (or to the tip): for the record of the walk."""
    if not who.works_with_cases:
        return "no case role"
    if group in ("adult", "child"):
        subject = getattr(world, group)
        return "participant" if participates(who, subject) else "overseer" if sees_case(who, subject) else "outside"
    return "participant" if handles_tip(who, world) else "overseer" if sees_tip(who, world) else "outside"


def test_every_case_route_of_the_resolver_has_a_declared_rule():
    routes = case_routes()
    undeclared = sorted(set(routes) - set(DECLARED))
    assert undeclared == [], f"case-data routes with no rule in this walk: {undeclared}"
    gone = sorted(set(DECLARED) - set(routes))
    assert gone == [], f"rules for routes that no longer exist: {gone}"


@override_settings(SAFERETURN_REQUIRE_2FA=False)
@pytest.mark.parametrize("group", ["adult", "child", "own work, tips and the register"])
def test_every_role_class_on_every_case_route(world, db, group):
    """Exact answers of every case-related route, for one officer of each of the route's role classes:
    the routes of the adult's case, of the child's, and those of the agency's own work, a tip and a
    register entry."""
    client = Client()
    seen = {"requests": 0, "allowed": 0, "refused": 0, "hidden": 0}
    failures, classes, roles, relations = [], set(), set(), set()
    for membership, steps in walk_plan(world, group).items():
        who = Who(membership)
        roles.add(who.role)
        relations.add(_relation(who, world, group))
        client.force_login(membership.user)
        for walked, step, expected in steps:
            classes.add((walked.name, who.role, expected))
            url = _url(walked, step)
            body = step.body(walked.subject, who) if step.body else None
            response = _send(client, step, url, body, walked.subject)
            seen["requests"] += 1
            seen["hidden" if expected == 404 else "refused" if expected == 403 else "allowed"] += 1
            if response.status_code != expected:
                failures.append(
                    f"{membership.user.username} ({who.role}, {who.agency.name}) {step.method.upper()} {url} "
                    f"[{walked.name}{': ' + step.note if step.note else ''}]: {response.status_code}, "
                    f"expected {expected}"
                )
        client.logout()
    routes = {walked.name for walked in _group(world, group)}
    print(  # the walk's count, for the record (pytest -s)
        f"\nauthorization walk, {group}: {len(routes)} routes of {len(case_routes())} case-related routes of the "
        f"resolver ({len(set(case_routes()) - set(DECLARED))} without a declared rule); {len(roles)} roles; "
        f"{len(classes)} route × role × answer classes; {seen}"
    )
    assert failures == [], "\n".join(failures[:40])
    # The demo world must exercise every branch, or this walk proves little.
    assert min(seen.values()) > 0, seen
    assert relations == {"no case role", "participant", "overseer", "outside"}, relations
    assert roles == {"intake_officer", "case_worker", "verifier", "supervisor", "reporting_officer",
                     "programme_officer", "auditor", "system_admin"}  # fmt: skip


def test_the_provinces_lead_agency_takes_part_in_each_case_by_law(world, db):
    """Law 53/2024 as amended: the commune notifies the provincial health department, which verifies with
    the police; so the department takes part in every case received in its province (and its verifiers
    and case workers may assign tasks on it)."""
    for subject in (world.adult, world.child):
        health = Agency.objects.get(agency_type__code="health_department", province_id=subject.case.province_id)
        assert subject.participants.get(health.pk, set()) & {"lead", "responsible"}, subject.case.number


# ---- what is shown stays masked, and lists show only what may be seen --------------------------------


def _officers_of_each_relation(subject):
    """One officer with a case role per (role, sees, participates, reveals) for the subject."""
    chosen = {}
    for membership in _memberships():
        who = Who(membership)
        if who.works_with_cases:
            key = (who.role, sees_case(who, subject), participates(who, subject), reveals(who, subject))
            chosen.setdefault(key, membership)
    return list(chosen.values())


@override_settings(SAFERETURN_REQUIRE_2FA=False)
@pytest.mark.parametrize("which", ["adult", "child"])
def test_lists_and_pages_show_a_case_masked_to_those_who_may_see_it(world, db, which):
    subject = getattr(world, which)
    case = subject.case
    full_name = CHILD_NAME if subject.child else ADULT_NAME
    client = Client()
    for membership in _officers_of_each_relation(subject):
        who = Who(membership)
        client.force_login(membership.user)
        sees = sees_case(who, subject)
        home = client.get("/").content.decode()
        listing = client.get("/cases/", {"q": case.number}).content.decode()
        api_listing = client.get("/api/cases/", {"q": case.number}).json()
        assert (f"/cases/{case.pk}/" in home) == sees, (membership.user.username, "home")
        assert (f"/cases/{case.pk}/" in listing) == sees, (membership.user.username, "list")
        assert api_listing["count"] == (1 if sees else 0), membership.user.username
        if sees:
            page = client.get(f"/cases/{case.pk}/").content.decode()
            api = client.get(f"/api/cases/{case.pk}/").content.decode()
            person = client.get(f"/api/cases/{case.pk}/person/").content.decode()
            for shown in (page, api, person):
                assert full_name not in shown, (membership.user.username, "identity is masked by default")
            assert full_name.split()[0] in page
        client.logout()


@override_settings(SAFERETURN_REQUIRE_2FA=False)
def test_a_reveal_shows_the_name_only_to_those_who_may_reveal(world, db):
    client = Client()
    for subject in (world.adult, world.child):
        full_name = CHILD_NAME if subject.child else ADULT_NAME
        for membership in _officers_of_each_relation(subject):
            who = Who(membership)
            if not (who.works_with_cases and sees_case(who, subject)):
                continue
            client.force_login(membership.user)
            with transaction.atomic():
                reveal = client.post(
                    f"/api/cases/{subject.case.pk}/reveal/",
                    {"reason": "Cần liên hệ gia đình"},
                    content_type="application/json",
                )
                # The page's own reveal (the session's), then the person page.
                client.post(f"/cases/{subject.case.pk}/reveal/", {"reason": "Cần liên hệ gia đình"})
                person_page = client.get(f"/cases/{subject.case.pk}/person/")
                transaction.set_rollback(True)
            if reveals(who, subject):
                assert reveal.status_code == 200 and reveal.json()["full_name"] == full_name
                assert full_name in person_page.content.decode()
            else:
                assert reveal.status_code == 403 and person_page.status_code == 403, membership.user.username
            client.logout()


# ---- every view declares whether it reaches case data -----------------------------------------------

# Prefixes of views that are not ours to mark: sign-in (before any agency), Django's admin (system
# administrators, no case data), the language switch, and the API schema and its docs.
UNMARKED_PREFIXES = ("admin/", "accounts/", "i18n/", "api/schema", "api/docs")


def test_every_view_declares_whether_it_reaches_case_data():
    unmarked = [
        route
        for route, _name, callback in _walk(get_resolver())
        if not route.startswith(UNMARKED_PREFIXES) and access_mark(callback) not in (CASE_DATA, NO_CASE_DATA)
    ]
    assert unmarked == [], f"views without an access mark: {unmarked}"


def test_case_scoped_api_views_cannot_override_get_queryset():
    from safereturn.access.api import CaseScopedMixin

    with pytest.raises(TypeError):

        class Sneaky(CaseScopedMixin):
            def get_queryset(self):
                return None


# ---- the directory: no case data, every officer -------------------------------------------------------

# The directory's pages and endpoints are marked as not reaching case data, so the walk above does not
# take them: here every role of every level (national, province, commune) reads them, nobody signed out
# does, and none of them shows a victim's name.
DIRECTORY_ROUTES = {
    "coordination:directory": {"q": "so y te"},
    "coordination:who_to_call": {"province": 92, "commune": 31510},
    "coordination:agency": None,
    "api:directory-agencies": {"q": "trung tam", "province": 92},
    "api:who-to-call": {"province": 92},
}


def _directory_url(name, world):
    if name == "coordination:agency":
        return reverse(name, kwargs={"agency_id": world.facility.pk})
    return reverse(name)


def test_the_directory_routes_are_all_declared():
    routes = {name for _route, name, callback in _walk(get_resolver()) if name in DIRECTORY_ROUTES}
    assert routes == set(DIRECTORY_ROUTES)
    marks = {name: access_mark(cb) for _route, name, cb in _walk(get_resolver()) if name in DIRECTORY_ROUTES}
    assert set(marks.values()) == {NO_CASE_DATA}


@override_settings(SAFERETURN_REQUIRE_2FA=False)
def test_every_officer_reads_the_directory_and_nobody_else(world, db):
    client = Client()
    for name, params in DIRECTORY_ROUTES.items():
        answer = client.get(_directory_url(name, world), params or {})
        assert answer.status_code in (302, 401, 403), (name, "signed out")
    walked = {}
    for membership in _memberships():
        walked.setdefault((membership.role, membership.agency.jurisdiction_level), membership)
    assert {role for role, _level in walked} == CASE_ROLES | set(NON_CASE_ROLES)
    for membership in walked.values():
        client.force_login(membership.user)
        for name, params in DIRECTORY_ROUTES.items():
            answer = client.get(_directory_url(name, world), params or {})
            assert answer.status_code == 200, (membership.user.username, name, answer.status_code)
            shown = answer.content.decode()
            assert ADULT_NAME not in shown and CHILD_NAME not in shown, (membership.user.username, name)
        client.logout()
