"""A possible earlier record held by another agency: ask that agency to confirm, or record a new person
with a reason.

At intake the officer may be told that a likely earlier record of the person exists but is held by an
agency they may not see it through. They either save the case as a new person and say why
(``intake_record_as_new_person``), or save it and ask the holding agency to confirm the match
(``intake_record_asking_holder``). The holding agency's officers answer from their work queue
(``match_request_answer``); on "same person" the new case joins the earlier record, so the person
counts once. Until then nothing about the earlier record reaches the asking side: the request names
only the holding agency, and the timeline event on the new case does too.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Role
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify
from safereturn.rules.models import MatchRequestRule
from safereturn.rules.selectors import RuleError, add_days, rule_in_force

from .. import duplicates, vocab
from ..models import Case, CaseEvent, CaseNote, MatchRequest
from ..notification_kinds import MATCH_ANSWERED, MATCH_ESCALATED, MATCH_REMINDER, MATCH_REQUESTED
from .intake import duplicate_check_permit, duplicate_check_recorded, intake_record
from .persons import link_case_to_person

# Who in the holding agency answers: those who work its cases.
ANSWERING_ROLES = (Role.SUPERVISOR, Role.VERIFIER, Role.CASE_WORKER)
MAX_REQUESTS = 3


REMINDER_ACTOR = "system:match-request-reminders"


def answer_rule(on_date):
    """The match-request rule in force on ``on_date`` (``rules.MatchRequestRule``), or None when the
    rule table has none for that day."""
    try:
        return rule_in_force(MatchRequestRule, on_date)
    except RuleError:
        return None


def answer_due(start):
    """When a request made on ``start`` is to be answered: the rule in force that day (3 working days
    as seeded); without a rule row, ``SAFERETURN_MATCH_REQUEST_ANSWER_DAYS`` calendar days."""
    rule = answer_rule(start)
    if rule is None:
        return start + datetime.timedelta(days=settings.SAFERETURN_MATCH_REQUEST_ANSWER_DAYS)
    return add_days(start, rule.answer_days, rule.counting)


def escalation_date(request):
    """The day after which an unanswered request goes to the holding agency's supervisors: the rule in
    force when it was made, counted from its due date; None without a rule row (then only reminded)."""
    rule = answer_rule(timezone.localdate(request.created_at))
    if rule is None:
        return None
    return add_days(request.due_date, rule.escalate_after_days, rule.counting)


@transaction.atomic
def intake_record_as_new_person(*, actor, data, reason):
    """Record the intake as a new person although possible earlier records were found; the reason is
    kept as a confidential note and the timeline says so."""
    if not (reason or "").strip():
        raise ValidationError(
            {"new_person_reason": [_("Say why this is a new person although possible earlier records were found.")]}
        )
    case = intake_record(actor=actor, data=data)
    note = CaseNote.objects.create(
        case=case, category=vocab.NoteCategory.GENERAL, body=reason.strip(), author=actor.user, agency=actor.agency
    )
    record(
        actor,
        AuditAction.CHANGE,
        object_type="case",
        object_id=case.pk,
        details={"new_person_despite_matches": True, "note": note.pk},
        event=CaseEvent.build(case, vocab.EventKind.NEW_PERSON_CONFIRMED, actor, note=note.pk),
    )
    return case


def intake_record_asking_holder(*, actor, data):
    """Record the intake (a new person for now) and ask each agency holding a likely earlier record the
    officer may not see to confirm the match. Refused, with nothing saved, when there is none.

    Looking for those records is a duplicate check like any other: within the officer's limit, and
    recorded (outside the transaction, so a refusal is counted too: it must not become a lookup)."""
    duplicate_check_permit(actor=actor)
    asked = 0
    try:
        with transaction.atomic():
            case = intake_record(actor=actor, data=data)
            requests = match_requests_open(actor=actor, case=case)
            asked = len(requests)
            if not requests:
                raise ValidationError(
                    {
                        "__all__": [
                            _(
                                "No possible earlier record is held by another agency. Link the case to a record "
                                "shown, or save it as a new person with a reason."
                            )
                        ]
                    }
                )
    finally:
        duplicate_check_recorded(actor=actor, shown=0, hidden=asked, id_number_given=bool(data.person.id_number))
    return case, requests


def _hidden_candidates(actor, case):
    person = case.person
    found = duplicates.find_candidates(
        full_name=person.full_name,
        birth_year=person.birth_year or (person.date_of_birth.year if person.date_of_birth else None),
        id_number=person.id_number or "",
        phone=person.phone or "",
        exclude_person_id=person.pk,
    )
    visible = policy.visible_cases(actor)
    return [c for c in found if not Case.objects.filter(person_id=c.person.pk, pk__in=visible).exists()]


def match_requests_open(*, actor, case):
    """Ask the agency holding each likely earlier record (hidden from ``actor``) of the case's person
    whether it is the same person. Audited; the holding agency's officers are told."""
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    made = []
    for candidate in _hidden_candidates(actor, case)[:MAX_REQUESTS]:
        held = Case.objects.filter(person_id=candidate.person.pk).order_by("-received_at").first()
        if held is None:
            continue
        request, created = MatchRequest.objects.get_or_create(
            case=case,
            candidate_id=candidate.person.pk,
            defaults={
                "score": round(candidate.score),
                "asking_agency": actor.agency,
                "asked_by": actor.user,
                "holding_agency_id": held.responsible_agency_id,
                "due_date": answer_due(timezone.localdate()),
            },
        )
        if not created:
            continue
        made.append(request)
        record(
            actor,
            AuditAction.CREATE,
            object_type="match_request",
            object_id=request.pk,
            details={
                "case": str(case.pk),
                "candidate": candidate.person.pk,
                "holding_agency": held.responsible_agency_id,
            },
            event=CaseEvent.build(
                case, vocab.EventKind.MATCH_REQUESTED, actor, holding_agency=request.holding_agency_id
            ),
        )
        notify(
            kind=MATCH_REQUESTED,
            recipients=recipients_for(request.holding_agency, ANSWERING_ROLES),
            params={"agency": actor.agency.name, "number": case.number, "due": request.due_date.isoformat()},
            link=reverse("cases:match_request", args=[request.pk]),
            object_type="match_request",
            object_id=request.pk,
        )
    return made


def may_answer(actor, request):
    """An officer of the holding agency who works its cases, while the request waits."""
    return (
        actor is not None
        and actor.agency.pk == request.holding_agency_id
        and actor.role in ANSWERING_ROLES
        and Case.objects.filter(person_id=request.candidate_id, pk__in=policy.visible_cases(actor)).exists()
    )


@transaction.atomic
def match_request_answer(*, actor, request, same_person, expected_version=None):
    """The holding agency's answer. "Same person": the new case joins the earlier record (the person
    counts once). Either way the asking officer is told, audited, on the new case's timeline."""
    if not may_answer(actor, request):
        raise errors.Denied
    if request.status != vocab.MatchRequestStatus.PENDING:
        raise errors.StateError(_("This request was already answered."))
    status = vocab.MatchRequestStatus.CONFIRMED if same_person else vocab.MatchRequestStatus.DECLINED
    versioned_update(
        request,
        expected_version=expected_version,
        conditions={"status": vocab.MatchRequestStatus.PENDING},
        status=status,
        answered_at=timezone.now(),
        answered_by=actor.user,
    )
    case = request.case
    kind = vocab.EventKind.MATCH_CONFIRMED if same_person else vocab.EventKind.MATCH_DECLINED
    record(
        actor,
        AuditAction.CHANGE,
        object_type="match_request",
        object_id=request.pk,
        details={"case": str(case.pk), "answer": status},
        event=CaseEvent.build(case, kind, actor, holding_agency=request.holding_agency_id),
    )
    if same_person and case.person_id != request.candidate_id:
        link_case_to_person(actor, case, request.candidate, expected_version=None)
        # Other questions about this case's person are moot once it joined a record.
        MatchRequest.objects.filter(case=case, status=vocab.MatchRequestStatus.PENDING).exclude(pk=request.pk).update(
            status=vocab.MatchRequestStatus.DECLINED, answered_at=timezone.now(), answered_by=actor.user
        )
    notify(
        kind=MATCH_ANSWERED,
        recipients=[request.asked_by_id],
        params={"agency": request.holding_agency.name, "number": case.number, "answer": status},
        link=reverse("cases:detail", args=[case.pk]),
        object_type="case",
        object_id=case.pk,
    )
    request.refresh_from_db()
    return request


def pending_for(actor):
    """The requests the actor's agency is to answer (work queue)."""
    if actor is None or actor.role not in ANSWERING_ROLES:
        return MatchRequest.objects.none()
    return (
        MatchRequest.objects.filter(holding_agency_id=actor.agency.pk, status=vocab.MatchRequestStatus.PENDING)
        .select_related("case", "asking_agency")
        .order_by("due_date", "pk")
    )


def _press(request, stage, now):
    """Claim one stage (``reminded_at`` or ``escalated_at``) of a request still waiting: a conditional
    update, so a stage happens once even when two sweeps run at once."""
    return MatchRequest.objects.filter(
        pk=request.pk, status=vocab.MatchRequestStatus.PENDING, **{f"{stage}__isnull": True}
    ).update(**{stage: now})


def _pressed(request, stage, kind, roles):
    """Tell the holding agency's officers of ``roles`` (no identity: the asking agency, the new case's
    number, the due date); audited as the system's, on the request."""
    notify(
        kind=kind,
        recipients=recipients_for(request.holding_agency, roles),
        params={
            "agency": request.asking_agency.name,
            "number": request.case.number,
            "due": request.due_date.isoformat(),
        },
        link=reverse("cases:match_request", args=[request.pk]),
        object_type="match_request",
        object_id=request.pk,
        sought_in=request.holding_agency,
    )
    record(
        SystemActor(REMINDER_ACTOR, agency_id=request.holding_agency_id),
        AuditAction.CHANGE,
        object_type="match_request",
        object_id=request.pk,
        details={"case": str(request.case_id), stage: True, "due": request.due_date.isoformat()},
    )


def match_requests_remind(*, now=None):
    """Press the holding agencies' unanswered requests (hourly, ``cases.tasks``): once the due date has
    passed, its answering officers are reminded once; past the rule's escalation date, and reminded,
    its supervisors are told once. Idempotent: each stage is claimed by a conditional update in the
    same transaction as its notice. Returns how many were reminded and escalated."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "escalated": 0}
    waiting = MatchRequest.objects.filter(status=vocab.MatchRequestStatus.PENDING, due_date__lt=today)
    waiting = waiting.filter(escalated_at__isnull=True).select_related("case", "asking_agency", "holding_agency")
    for request in waiting.order_by("due_date", "pk"):
        with transaction.atomic():
            if request.reminded_at is None:
                if not _press(request, "reminded_at", now):
                    continue
                _pressed(request, "reminded_at", MATCH_REMINDER, ANSWERING_ROLES)
                counts["reminded"] += 1
                continue  # the supervisors are told on a later sweep, never with the first reminder
            escalate_after = escalation_date(request)
            if escalate_after is None or today <= escalate_after or not _press(request, "escalated_at", now):
                continue
            _pressed(request, "escalated_at", MATCH_ESCALATED, (Role.SUPERVISOR,))
            counts["escalated"] += 1
    return counts
