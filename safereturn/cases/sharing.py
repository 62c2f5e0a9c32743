"""Sharing a case with another agency (chia sẻ thông tin), and on what basis.

The law forbids disclosing information on a victim without consent, except where it provides. An
agency other than the one that received the person takes part in a case only on one of these bases,
kept on its participation:

- **legal duty**: the rule table (``rules.SharingRule``, in force on the day the case was received, as
  the other rules of its procedure) says that agency type works on cases by law — verification by the
  provincial health department and the police;
- **consent**: a consent of the case in force today names the agency type (``Consent.share_with``); its
  withdrawal ends the participations that relied on it (``end_reliant``);
- **legal exception**: an officer records a ground from ``rules.SharingException`` (in force today,
  the day of sharing) — the citation the sharing stands on.

Anything else is refused (``require_basis``) and nothing is shared. Every service that makes an agency
take part in a case goes through ``share``.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.rules.models import SharingBasis
from safereturn.rules.selectors import sharing_exception, sharing_rule_for

from .models import CaseEvent, CaseParticipant, Consent
from .vocab import EventKind, ParticipantRole, ShareBasis, decode_codes


@dataclass(frozen=True)
class Basis:
    """Why an agency may see a case: a ``ShareBasis`` and the row it stands on."""

    kind: str
    consent: object = None
    rule: object = None
    exception: object = None

    def fields(self):
        """The participation's fields for this basis."""
        return {
            "basis": self.kind,
            "consent": self.consent,
            "sharing_rule": self.rule if self.kind == ShareBasis.LEGAL_DUTY else None,
            "sharing_exception": self.exception,
        }

    def details(self):
        """For the audit trail and the timeline: codes and ids only."""
        return {
            "basis": self.kind,
            "consent": self.consent.pk if self.consent else None,
            "sharing_rule": self.rule.pk if self.kind == ShareBasis.LEGAL_DUTY and self.rule else None,
            "sharing_exception": self.exception.pk if self.exception else None,
        }


def rules_date(case):
    """Cases keep the rules in force on the day they were received."""
    return timezone.localdate(case.received_at)


def consents_in_force(case, on_date=None):
    on_date = on_date or timezone.localdate()
    return Consent.objects.filter(case=case, given_on__lte=on_date).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on_date)
    )


def consent_covering(case, agency_type_code, on_date=None):
    """The most recent consent in force that names this agency type, or None."""
    for consent in consents_in_force(case, on_date).order_by("-given_on", "-pk"):
        if agency_type_code in decode_codes(consent.share_with):
            return consent
    return None


def basis_for(case, agency, *, exception=None):
    """The basis on which ``agency`` may take part in ``case`` now, or None: the law's duty first, then
    a consent in force, then the legal exception the officer recorded (a ``SharingException`` row)."""
    code = agency.agency_type.code
    rule = sharing_rule_for(code, rules_date(case))
    if rule is not None and rule.basis == SharingBasis.LEGAL_DUTY:
        return Basis(ShareBasis.LEGAL_DUTY, rule=rule)
    consent = consent_covering(case, code)
    if consent is not None:
        return Basis(ShareBasis.CONSENT, consent=consent, rule=rule)
    if exception is not None:
        return Basis(ShareBasis.EXCEPTION, exception=exception, rule=rule)
    return None


def exception_in_force(exception_id, *, field="legal_exception"):
    """The legal exception an officer chose (in force today), None if none was chosen; a
    ``ValidationError`` on ``field`` for one that is not in force."""
    if exception_id in (None, ""):
        return None
    exception = sharing_exception(exception_id, timezone.localdate())
    if exception is None:
        raise ValidationError({field: [_("Choose a legal exception in force from the list.")]})
    return exception


def refusal(agency):
    return _(
        "%(agency)s may take part in this case only with the person's consent to share with this type of "
        "agency, or a legal exception you record: no consent in force covers it."
    ) % {"agency": agency.name}


def require_basis(case, agency, *, exception=None, field):
    """The basis for sharing ``case`` with ``agency``, or a ``ValidationError`` on ``field`` saying why not."""
    basis = basis_for(case, agency, exception=exception)
    if basis is None:
        raise ValidationError({field: [refusal(agency)]})
    return basis


def share(actor, case, agency, role, basis):
    """Make ``agency`` take part in ``case`` in ``role`` on ``basis`` (or keep it taking part, on that
    basis); writes the timeline event when it joins. Returns the participation."""
    policy.forget(case)
    participant, created = CaseParticipant.objects.get_or_create(
        case=case, agency=agency, role=role, defaults=basis.fields()
    )
    if created:
        joined = True
    else:
        joined = not participant.is_active
        changes = basis.fields()
        if joined:
            changes.update(is_active=True, since=timezone.now(), until=None)
        CaseParticipant.objects.filter(pk=participant.pk).update(**changes)
    if joined:
        CaseEvent.add(case, EventKind.PARTICIPANT_ADDED, actor, agency=agency.pk, role=role, **basis.details())
    return participant


def end_reliant(actor, case):
    """After a consent of the case was withdrawn: every participation that relied on consent keeps
    going only if another consent in force (or the law) still covers its agency; the others end.
    Returns the ids of the agencies whose participation ended."""
    policy.forget(case)
    ended = []
    reliant = (
        CaseParticipant.objects.filter(case=case, is_active=True, basis__in=(ShareBasis.CONSENT, ""))
        .exclude(role=ParticipantRole.RECEIVER)
        .select_related("agency__agency_type")
    )
    for participant in reliant:
        basis = basis_for(case, participant.agency)
        if basis is not None:
            CaseParticipant.objects.filter(pk=participant.pk).update(**basis.fields())
            continue
        CaseParticipant.objects.filter(pk=participant.pk).update(is_active=False, until=timezone.now())
        CaseEvent.add(
            case,
            EventKind.PARTICIPANT_ENDED,
            actor,
            agency=participant.agency_id,
            role=participant.role,
            reason="consent_withdrawn",
        )
        ended.append(participant.agency_id)
    return ended


def describe(participant):
    """The basis of a participation in words, with its citation (for pages and the API)."""
    if participant is None or not participant.basis:
        return ""
    label = ShareBasis(participant.basis).label
    row = participant.sharing_exception or participant.sharing_rule
    if participant.basis == ShareBasis.CONSENT and participant.consent is not None:
        return _("%(basis)s given on %(date)s") % {
            "basis": label,
            "date": participant.consent.given_on.strftime("%d/%m/%Y"),
        }
    if participant.basis == ShareBasis.EXCEPTION and participant.sharing_exception is not None:
        return f"{label}: {participant.sharing_exception.name} — {participant.sharing_exception.citation}"
    if row is not None:
        return f"{label}: {row.citation}"
    return str(label)
