"""Changes to tips (tin báo) and to the commune register. Each is one transaction that writes the
tip's timeline and the audit trail. Callers pass the acting ``Actor``; scoping and permission come
from ``safereturn.access.policy``, never from here."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases import vocab as case_vocab
from safereturn.cases.models import CaseEvent
from safereturn.core import errors
from safereturn.core.name_keys import write_name_keys
from safereturn.core.sequences import next_number
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency

from . import vocab
from .models import RegisterEntry, RegisterEntryNameKey, Tip, TipEvent, TipNameKey

TIP_NUMBER_SERIES = "tip"
TIP_CLOSED = _("This tip is already linked to a case or closed: it can no longer be changed.")


def next_tip_number(province_id, year):
    """'TB-92-2026-000123': province, year, then the province's gap-free sequence for the year."""
    number = next_number(TIP_NUMBER_SERIES, scope=province_id, year=year)
    return f"TB-{province_id:02d}-{year}-{number:06d}"


def _require_open(tip, actor):
    if not policy.handles_tip(actor, tip):
        raise errors.Denied
    if not tip.is_open:
        raise errors.StateError(TIP_CLOSED)


def _tip_recorded(actor, tip, action, kind, *, details, **data):
    """The audit event and the tip's timeline event of a step of the tip."""
    record(
        actor,
        action,
        object_type="tip",
        object_id=tip.pk,
        details=details,
        event=TipEvent.build(tip, kind, actor, **data),
    )


# ---- tips -------------------------------------------------------------------------------------


@dataclass
class TipData:
    received_at: datetime.datetime
    source: str
    province_id: int
    summary: str
    suspected_pathway: str = vocab.Pathway.UNKNOWN
    commune_id: int | None = None
    priority: str = vocab.Priority.NORMAL
    reporter_name: str = ""
    reporter_contact: str = ""
    subject_name: str = ""


def tip_data_from_form(data):
    """Build ``TipData`` from a cleaned ``TipForm`` (pages and API both validate with the form)."""
    return TipData(
        received_at=data["received_at"],
        source=data["source"],
        suspected_pathway=data.get("suspected_pathway") or vocab.Pathway.UNKNOWN,
        province_id=data["province"].pk,
        commune_id=data["commune"].pk if data.get("commune") else None,
        summary=data["summary"],
        priority=data.get("priority") or vocab.Priority.NORMAL,
        reporter_name=data.get("reporter_name", ""),
        reporter_contact=data.get("reporter_contact", ""),
        subject_name=data.get("subject_name", ""),
    )


@transaction.atomic
def tip_register(*, actor, data: TipData):
    """Tiếp nhận tin báo: record a tip received by the actor's agency."""
    if not policy.can_receive_tip(actor):
        raise errors.Denied
    received_on = timezone.localdate(data.received_at)
    tip = Tip.objects.create(
        number=next_tip_number(data.province_id, received_on.year),
        received_at=data.received_at,
        source=data.source,
        suspected_pathway=data.suspected_pathway,
        receiving_agency=actor.agency,
        province_id=data.province_id,
        commune_id=data.commune_id,
        summary=data.summary.strip(),
        reporter_name=data.reporter_name.strip(),
        reporter_contact=data.reporter_contact.strip(),
        subject_name=data.subject_name.strip(),
        priority=data.priority,
        created_by=actor.user,
    )
    write_name_keys(TipNameKey, owner_field="tip", owner=tip, names=[tip.subject_name])
    _tip_recorded(
        actor,
        tip,
        AuditAction.CREATE,
        vocab.TipEventKind.REGISTERED,
        details={"number": tip.number},
        number=tip.number,
        source=tip.source,
        priority=tip.priority,
    )
    return tip


@transaction.atomic
def tip_triage(*, actor, tip, expected_version, priority):
    """Phân loại: set the priority; the tip is then triaged."""
    _require_open(tip, actor)
    if priority not in vocab.Priority.values:
        raise ValueError(f"unknown priority: {priority!r}")
    previous = tip.priority
    versioned_update(tip, expected_version=expected_version, priority=priority, status=vocab.TipStatus.TRIAGED)
    _tip_recorded(
        actor,
        tip,
        AuditAction.STATUS_CHANGE,
        vocab.TipEventKind.TRIAGED,
        details={"status": tip.status, "priority": priority},
        priority=[previous, priority],
    )
    return tip


@transaction.atomic
def tip_forward(*, actor, tip, expected_version, to_agency):
    """Chuyển tin báo to the competent agency, which can then see and work the tip."""
    _require_open(tip, actor)
    if not isinstance(to_agency, Agency) or not to_agency.is_active:
        raise ValueError("forward to an active agency")
    if to_agency.pk in {actor.agency.pk, tip.forwarded_to_id}:
        raise errors.StateError(_("The tip is already with this agency. Choose another agency."))
    if not policy.can_forward_tip_to(actor, tip, to_agency):
        raise ValidationError(
            {"to_agency": _("A tip can be forwarded only to a competent agency in the list. Choose one from the list.")}
        )
    previous = tip.forwarded_to_id
    versioned_update(tip, expected_version=expected_version, forwarded_to=to_agency, status=vocab.TipStatus.FORWARDED)
    _tip_recorded(
        actor,
        tip,
        AuditAction.STATUS_CHANGE,
        vocab.TipEventKind.FORWARDED,
        details={"status": tip.status, "to_agency": to_agency.pk},
        to_agency=to_agency.pk,
        previous=previous,
    )
    return tip


@transaction.atomic
def tip_link_case(*, actor, tip, expected_version, case):
    """Link the tip to the case it led to (only a case the actor may see); both timelines record it."""
    _require_open(tip, actor)
    if case is None or not policy.visible_cases(actor).filter(pk=case.pk).exists():
        raise errors.Denied
    versioned_update(tip, expected_version=expected_version, linked_case=case, status=vocab.TipStatus.LINKED)
    TipEvent.add(tip, vocab.TipEventKind.LINKED, actor, case=str(case.pk), case_number=case.number)
    # The case's timeline gets only the tip number, never what the tip says.
    CaseEvent.add(case, vocab.CaseTimelineKind.TIP_LINKED, actor, tip=tip.number)
    record(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="tip",
        object_id=tip.pk,
        details={"status": tip.status, "case": str(case.pk)},
    )
    return tip


@transaction.atomic
def tip_close(*, actor, tip, expected_version, reason, note=""):
    """Đóng tin báo, always with a reason (and a note when the reason is 'other')."""
    _require_open(tip, actor)
    if reason not in vocab.CloseReason.values:
        raise ValueError(f"unknown close reason: {reason!r}")
    if reason == vocab.CloseReason.OTHER and not (note or "").strip():
        raise ValueError("a note is required when the reason is 'other'")
    versioned_update(
        tip,
        expected_version=expected_version,
        status=vocab.TipStatus.CLOSED,
        close_reason=reason,
        close_note=note.strip(),
    )
    _tip_recorded(
        actor,
        tip,
        AuditAction.STATUS_CHANGE,
        vocab.TipEventKind.CLOSED,
        details={"status": tip.status, "reason": reason},
        reason=reason,
    )
    return tip


def tip_viewed(*, actor, tip, channel="web"):
    """Every read of a tip's detail is recorded."""
    record(actor, AuditAction.VIEW, object_type="tip", object_id=tip.pk, details={"via": channel, "number": tip.number})


def tip_reveal(*, actor, tip, reason):
    """Record a reasoned reveal of the names, contact and summary of a tip; the caller then shows them."""
    if not policy.handles_tip(actor, tip):
        raise errors.Denied
    record(
        actor, AuditAction.REVEAL, object_type="tip", object_id=tip.pk, purpose=reason, details={"number": tip.number}
    )


def tips_listed(*, actor, count, filters):
    """A list of tips is a read too: record what was asked, never the names searched."""
    safe = {k: str(v) for k, v in filters.items() if k != "q"}
    if filters.get("q"):
        safe["q"] = "number" if str(filters["q"]).strip().upper().startswith("TB-") else "name"
    record(actor, AuditAction.VIEW, object_type="tip_list", details={"rows": count, "filters": safe})


# ---- the commune register ---------------------------------------------------------------------


@dataclass
class RegisterEntryData:
    commune_id: int
    category: str
    full_name: str
    since: datetime.date
    birth_year: int | None = None
    sex: str = case_vocab.Sex.UNKNOWN
    circumstances: str = ""
    status: str = vocab.RegisterStatus.OPEN
    linked_tip_id: object = None


REGISTER_EDITABLE = {"category", "full_name", "birth_year", "sex", "since", "circumstances", "status", "linked_tip_id"}
REGISTER_IDENTITY = {"full_name", "circumstances"}


def register_data_from_form(data):
    return RegisterEntryData(
        commune_id=data["commune"].pk,
        category=data["category"],
        full_name=data["full_name"],
        since=data["since"],
        birth_year=data.get("birth_year"),
        sex=data.get("sex") or case_vocab.Sex.UNKNOWN,
        circumstances=data.get("circumstances", ""),
        status=data.get("status") or vocab.RegisterStatus.OPEN,
        linked_tip_id=data["linked_tip"].pk if data.get("linked_tip") else None,
    )


def _check_linked_tip(actor, tip_id):
    # Linking to a tip the actor cannot see would leak that it exists.
    if tip_id and not policy.visible_tips(actor).filter(pk=tip_id).exists():
        raise errors.Denied


@transaction.atomic
def register_entry_add(*, actor, data: RegisterEntryData):
    """Ghi sổ theo dõi: add a person to the register of a commune the actor's agency covers."""
    commune = policy.register_communes(actor).filter(pk=data.commune_id).first()
    if commune is None:
        raise errors.Denied
    _check_linked_tip(actor, data.linked_tip_id)
    entry = RegisterEntry.objects.create(
        commune=commune,
        province_id=commune.province_id,
        category=data.category,
        full_name=data.full_name.strip(),
        birth_year=data.birth_year,
        sex=data.sex,
        since=data.since,
        circumstances=data.circumstances.strip(),
        status=data.status,
        linked_tip_id=data.linked_tip_id,
        recording_agency=actor.agency,
        created_by=actor.user,
    )
    write_name_keys(RegisterEntryNameKey, owner_field="entry", owner=entry, names=[entry.full_name])
    record(
        actor,
        AuditAction.CREATE,
        object_type="register_entry",
        object_id=entry.pk,
        details={"commune": commune.pk, "category": data.category},
    )
    return entry


def _changed_fields(entry, changes):
    """What changed, for the audit trail: identity values are never written, only that they changed."""
    record = {}
    for name, new in changes.items():
        old = getattr(entry, name)
        if old == new:
            continue
        record[name] = "changed" if name in REGISTER_IDENTITY else [_plain(old), _plain(new)]
    return record


def _plain(value):
    return None if value is None else str(value)


@transaction.atomic
def register_entry_update(*, actor, entry, expected_version, changes):
    if not policy.can_keep_register(actor, entry.commune):
        raise errors.Denied
    unknown = set(changes) - REGISTER_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "linked_tip_id" in changes and changes["linked_tip_id"] != entry.linked_tip_id:
        _check_linked_tip(actor, changes.get("linked_tip_id"))
    for name in REGISTER_IDENTITY & set(changes):
        changes[name] = (changes[name] or "").strip()
    history = _changed_fields(entry, changes)
    versioned_update(entry, expected_version=expected_version, **changes)
    if "full_name" in history:
        write_name_keys(RegisterEntryNameKey, owner_field="entry", owner=entry, names=[entry.full_name])
    record(actor, AuditAction.CHANGE, object_type="register_entry", object_id=entry.pk, details={"fields": history})
    return entry


@transaction.atomic
def register_entry_link_case(*, actor, entry, expected_version, case):
    """Link a register entry to the case of the person once found (only a case the actor may see)."""
    if not policy.can_keep_register(actor, entry.commune):
        raise errors.Denied
    if case is None or not policy.visible_cases(actor).filter(pk=case.pk).exists():
        raise errors.Denied
    # The person followed has come back and has a case: no longer "being followed" (other statuses,
    # chosen by the officer, stay).
    changes = {"linked_case": case}
    if entry.status == vocab.RegisterStatus.OPEN:
        changes["status"] = vocab.RegisterStatus.RETURNED_VICTIM
    versioned_update(entry, expected_version=expected_version, **changes)
    # The case's timeline says a register entry of this commune led here, never whom it names.
    CaseEvent.add(
        case, vocab.CaseTimelineKind.REGISTER_ENTRY_LINKED, actor, entry=str(entry.pk), commune=entry.commune_id
    )
    record(
        actor,
        AuditAction.CHANGE,
        object_type="register_entry",
        object_id=entry.pk,
        details={"linked_case": str(case.pk), **({"status": changes["status"]} if "status" in changes else {})},
    )
    return entry


def register_entry_opened_for_edit(*, actor, entry):
    """Opening an entry for editing shows the full name and circumstances: an explicit, audited reveal."""
    record(actor, AuditAction.REVEAL, object_type="register_entry", object_id=entry.pk, purpose="edit register entry")


def register_listed(*, actor, count, filters):
    safe = {k: str(v) for k, v in filters.items() if k != "q"}
    if filters.get("q"):
        safe["q"] = "name"
    record(actor, AuditAction.VIEW, object_type="register_list", details={"rows": count, "filters": safe})
