"""Identification decisions (xác định) and certificates of return, numbered per agency and printed."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases.models import CaseEvent
from safereturn.core import errors
from safereturn.core.sequences import next_number
from safereturn.rules.models import AgencyCompetenceRule, CompetenceAction
from safereturn.rules.selectors import in_force

from .. import vocab
from ..models import Evidence, IdentificationDecision
from .transitions import DECISION_TRANSITIONS, TRANSITIONS, illegal, rules_date, transition_case


def next_document_number(agency, year, kind):
    """The next number of a kind of document for an agency and year, gap-free."""
    return next_number(f"document:{kind}", scope=agency.pk, year=year)


def document_symbol(agency, kind):
    """The symbol of a document's number (số/ký hiệu): the kind's, then the issuing agency's own."""
    prefix = vocab.DOCUMENT_SYMBOLS[kind]
    return f"{prefix}-{agency.short_name}" if agency.short_name else prefix


def _decision_errors(case, decided_on, reason, signer_name):
    problems = {}
    if decided_on is None:
        problems["decided_on"] = [_("Enter the date of the decision.")]
    elif decided_on > timezone.localdate():
        problems["decided_on"] = [_("The date cannot be in the future.")]
    elif decided_on < rules_date(case):
        problems["decided_on"] = [_("The date cannot be before the case was received.")]
    if not (reason or "").strip():
        problems["reason"] = [_("Give the reason for the decision.")]
    if not (signer_name or "").strip():
        problems["signer_name"] = [_("Enter who signs the document.")]
    return problems


def _create_decision(actor, case, kind, decided_on, reason, signer_name, signer_title, place, onward_help, rule):
    number = next_document_number(actor.agency, decided_on.year, kind)
    return IdentificationDecision.objects.create(
        case=case,
        kind=kind,
        deciding_agency=actor.agency,
        decided_by=actor.user,
        signer_name=signer_name.strip(),
        signer_title=(signer_title or "").strip(),
        decided_on=decided_on,
        place=(place or "").strip(),
        reason=reason.strip(),
        onward_help=(onward_help or "").strip(),
        number=number,
        year=decided_on.year,
        symbol=document_symbol(actor.agency, kind),
        competence_rule=rule,
    )


@transaction.atomic
def identification_decide(
    *,
    actor,
    case,
    kind,
    decided_on,
    reason,
    evidence_ids,
    expected_version,
    signer_name="",
    signer_title="",
    place="",
    onward_help="",
):
    """Xác định: victim, not a victim or false claim — records the decision and moves the case."""
    if kind not in vocab.OUTCOME_KINDS:
        raise ValidationError({"kind": [_("Choose the decision.")]})
    if not policy.can_decide_identification(actor, case):
        raise errors.Denied(
            _(
                "Your agency or role may not identify victims for this case under the rules in force when it was "
                "received."
            )
        )
    rule = None
    if kind == vocab.DecisionKind.VICTIM:
        rule = (
            in_force(AgencyCompetenceRule, rules_date(case))
            .filter(agency_type_code=actor.agency_type, action=CompetenceAction.ISSUE_VICTIM_CERTIFICATE)
            .first()
        )
        if rule is None:
            raise errors.Denied(_("Your agency may not issue the victim confirmation under the rules that apply."))
    problems = _decision_errors(case, decided_on, reason, signer_name or actor.user.display_name())
    evidence_ids = {int(e) for e in evidence_ids or () if str(e).isdigit()}
    evidence = list(Evidence.objects.filter(case=case, pk__in=evidence_ids))
    if not evidence_ids:
        problems["basis"] = [_("Choose the evidence the decision rests on.")]
    elif len(evidence) != len(evidence_ids):
        problems["basis"] = [_("Choose only evidence recorded on this case.")]
    if problems:
        raise ValidationError(problems)
    if case.status not in TRANSITIONS[DECISION_TRANSITIONS[kind]].sources:
        raise illegal(case, DECISION_TRANSITIONS[kind])
    decision = _create_decision(
        actor,
        case,
        kind,
        decided_on,
        reason,
        signer_name or actor.user.display_name(),
        signer_title,
        place,
        onward_help,
        rule,
    )
    decision.basis.set(evidence)
    CaseEvent.add(
        case,
        vocab.TimelineKind.DECISION_RECORDED,
        actor,
        subject="identification_decision",
        decision=decision.pk,
        decision_kind=kind,
        number=decision.document_number,
    )
    transition_case(actor, case, DECISION_TRANSITIONS[kind], expected_version, decision=decision.pk)
    record(
        actor,
        AuditAction.CREATE,
        object_type="identification_decision",
        object_id=decision.pk,
        details={
            "case": str(case.pk),
            "kind": kind,
            "number": decision.document_number,
            "basis": sorted(evidence_ids),
        },
    )
    return decision


@transaction.atomic
def return_certificate_issue(*, actor, case, decided_on, reason, signer_name="", signer_title="", place=""):
    """Giấy chứng nhận về nước: a numbered document for a person who came back from abroad; no status change."""
    if not policy.can_issue_return_certificate(actor, case):
        raise errors.Denied(_("Your agency or role may not issue certificates of return under the rules that apply."))
    rule = (
        in_force(AgencyCompetenceRule, rules_date(case))
        .filter(agency_type_code=actor.agency_type, action=CompetenceAction.ISSUE_RETURN_CERTIFICATE)
        .first()
    )
    problems = _decision_errors(case, decided_on, reason, signer_name or actor.user.display_name())
    if case.route != "cross_border":
        problems[NON_FIELD_ERRORS] = [_("A certificate of return is only for a person who came back from abroad.")]
    elif IdentificationDecision.objects.filter(
        case=case, kind=vocab.DecisionKind.RETURN_CERTIFICATE, superseded_at__isnull=True
    ).exists():
        problems[NON_FIELD_ERRORS] = [_("This case already has a certificate of return.")]
    if problems:
        raise ValidationError(problems)
    decision = _create_decision(
        actor,
        case,
        vocab.DecisionKind.RETURN_CERTIFICATE,
        decided_on,
        reason,
        signer_name or actor.user.display_name(),
        signer_title,
        place,
        "",
        rule,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="identification_decision",
        object_id=decision.pk,
        details={"case": str(case.pk), "kind": decision.kind, "number": decision.document_number},
        event=CaseEvent.build(
            case,
            vocab.TimelineKind.RETURN_CERTIFICATE_RECORDED,
            actor,
            subject="return_certificate",
            decision=decision.pk,
            number=decision.document_number,
        ),
    )
    return decision


def decision_document_context(decision):
    """Everything the decision document (Word/PDF) needs. Contains decrypted identity data: the caller
    renders it for an officer who may reveal identity, and records the export in the audit trail."""
    case, person, agency = decision.case, decision.case.person, decision.deciding_agency
    return {
        "kind": decision.kind,
        "kind_label": str(vocab.DecisionKind(decision.kind).label),
        "agency_name": agency.name,
        "agency_short_name": agency.short_name,
        "parent_agency_name": agency.parent.name if agency.parent_id else "",
        "agency_province": agency.province.name if agency.province_id else "",
        "number": decision.number,
        "symbol": decision.symbol,
        "document_number": decision.document_number,
        "year": decision.year,
        "place": decision.place,
        "date": decision.decided_on,
        "case_number": case.number,
        "case_received_at": case.received_at,
        "person_name": person.full_name,
        "person_birth_date": person.date_of_birth,
        "person_birth_year": person.birth_year,
        "person_sex": person.get_sex_display(),
        "person_nationality": person.nationality,
        "person_address": person.address,
        "decision_text": decision.reason,
        "onward_help": decision.onward_help,
        "basis": [
            {
                "source": str(vocab.EvidenceSource(e.source).label),
                "date": e.obtained_on,
                "agency": e.source_agency.name if e.source_agency_id else "",
            }
            for e in decision.basis.select_related("source_agency").order_by("obtained_on", "pk")
        ],
        "legal_basis": decision.competence_rule.citation if decision.competence_rule_id else "",
        "signer_name": decision.signer_name,
        "signer_title": decision.signer_title,
        "officer": decision.decided_by.display_name(),
    }


def record_print(*, actor, decision, fmt):
    """A printed document carries identity data: record who printed which document, in which format."""
    record(
        actor,
        AuditAction.PRINT,
        object_type="case",
        object_id=decision.case_id,
        details={"decision": decision.pk, "document": decision.document_number, "format": fmt},
    )
