"""The case's own details, notes and consent after intake."""

from django.db import transaction
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency, Role
from safereturn.notifications.selectors import users_with_roles
from safereturn.notifications.services import notify

from .. import participation, sharing, vocab
from ..models import LIST_COPIES, CaseEvent, CaseNote, CaseParticipant, Consent
from .persons import changed_fields_history

CASE_EDITABLE = {
    "channel",
    "handover_place",
    "reception_place",
    "route",
    "destination_country",
    "exploitation_forms",
    "recruitment_methods",
    "control_methods",
    "accompanying_children",
    "immediate_needs_met",
    "risk_level",
    "risk_notes",
    "circumstances",
    "commune_id",
}


@transaction.atomic
def case_update(*, actor, case, expected_version, changes):
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    unknown = set(changes) - CASE_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    history = changed_fields_history(case, changes)
    versioned_update(case, expected_version=expected_version, refresh=False, **changes)
    if "commune_id" in history:
        participation.recompute(case_id=case.pk)  # a commune agency's jurisdiction may now cover it, or not
        policy.forget(case)
    if set(history) & set(LIST_COPIES):
        participation.copy_case_fields(case_ids=[case.pk])
    record(
        actor,
        AuditAction.CHANGE,
        object_type="case",
        object_id=case.pk,
        details={"fields": sorted(history)},
        event=CaseEvent.build(case, vocab.EventKind.CASE_UPDATED, actor, fields=history) if history else None,
    )
    case.refresh_from_db()
    return case


@transaction.atomic
def note_add(*, actor, case, category, body):
    if not policy.can_write_note(actor, case, category):
        raise errors.Denied(_("Your agency cannot write notes in this section."))
    note = CaseNote.objects.create(case=case, category=category, body=body, author=actor.user, agency=actor.agency)
    record(
        actor,
        AuditAction.CREATE,
        object_type="case_note",
        object_id=note.pk,
        details={"case": str(case.pk)},
        event=CaseEvent.build(case, vocab.EventKind.NOTE_ADDED, actor, category=category),
    )
    return note


@transaction.atomic
def consent_record(*, actor, case, processing, share_with, given_on):
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    consent = Consent.objects.create(
        case=case,
        processing=processing,
        share_with=vocab.encode_codes(share_with),
        given_on=given_on,
        recorded_by=actor.user,
        recorded_by_agency=actor.agency,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="consent",
        object_id=consent.pk,
        details={"case": str(case.pk)},
        event=CaseEvent.build(case, vocab.EventKind.CONSENT_RECORDED, actor, processing=processing),
    )
    return consent


# Who in an agency hears that its access to a case ended.
ACCESS_ENDED_ROLES = (Role.SUPERVISOR, Role.VERIFIER, Role.CASE_WORKER)


@transaction.atomic
def consent_to_withdraw(*, actor, case, consent_id):
    """What an officer who may withdraw a consent is shown before doing it: the case's consent (else
    ``NotFound``; one already withdrawn says so) and the agencies now taking part on the person's
    consent, whose access ends unless another consent in force or the law covers them. Audited as a
    read of the consent."""
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    consent = Consent.objects.filter(pk=consent_id, case=case).first()
    if consent is None:
        raise errors.NotFound
    relying = list(
        CaseParticipant.objects.filter(case=case, is_active=True, basis__in=(vocab.ShareBasis.CONSENT, ""))
        .exclude(role=vocab.ParticipantRole.RECEIVER)
        .order_by("agency__name")
        .values_list("agency__name", flat=True)
    )
    record(actor, AuditAction.VIEW, object_type="consent", object_id=consent.pk, details={"case": str(case.pk)})
    return consent, relying


@transaction.atomic
def consent_withdraw(*, actor, case, consent_id, withdrawn_on):
    """Withdraw a consent of the case; False if it was not found or already withdrawn."""
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    updated = Consent.objects.filter(pk=consent_id, case=case, withdrawn_on__isnull=True).update(
        withdrawn_on=withdrawn_on, withdrawn_recorded_by=actor.user
    )
    if updated:
        # The access that relied on it ends (unless another consent in force, or the law, covers it).
        ended = sharing.end_reliant(actor, case)
        record(
            actor,
            AuditAction.CHANGE,
            object_type="consent",
            object_id=consent_id,
            details={"withdrawn": True, "participations_ended": ended},
            event=CaseEvent.build(case, vocab.EventKind.CONSENT_WITHDRAWN, actor, consent=consent_id),
        )
        # Their officers learn why the case is gone from their lists (no link: they can no longer open it).
        for agency in Agency.objects.filter(pk__in=ended):
            notify(
                kind="case_access_ended_consent",
                recipients=users_with_roles(agency, ACCESS_ENDED_ROLES),
                exclude=[actor.user.pk],
                params={"number": case.number},
                object_type="case",
                object_id=case.pk,
            )
    return bool(updated)
