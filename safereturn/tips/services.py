"""Changes to tips (tin báo) and to the commune register. Each is one transaction that writes the
tip's timeline and the audit trail. Callers pass the acting ``Actor``; scoping and permission come
from ``safereturn.access.policy``, never from here."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record_for_actor
from safereturn.cases import duplicates
from safereturn.cases import vocab as case_vocab
from safereturn.cases.services import ConflictError, PolicyDenied, write_event
from safereturn.directory.models import Agency

from . import vocab
from .models import RegisterEntry, RegisterEntryNameKey, Tip, TipEvent, TipNameKey, TipNumberSequence


class TipStateError(Exception):
    """The tip is not in a state that allows this step (e.g. it is already closed)."""

    def __init__(self, message=None):
        self.message = message or _("This tip is already linked to a case or closed: it can no longer be changed.")
        super().__init__(str(self.message))


def _audit(actor, action, object_type, object_id, purpose="", details=None):
    audit_record_for_actor(
        actor, action, object_type=object_type, object_id=object_id, purpose=purpose, details=details
    )


def _event(tip, kind, actor, **data):
    return TipEvent.objects.create(tip=tip, kind=kind, actor=actor.user, agency=actor.agency, data=data)


def case_event_tip_linked(*, case, actor, tip):
    """Write 'tip linked' on the case's timeline: only the tip number, never what the tip says."""
    return write_event(case, case_vocab.EventKind.TIP_LINKED, actor, tip=tip.number)


def next_tip_number(province_id, year):
    """'TB-92-2026-000123': province, year, then a gap-free sequence under a row lock."""
    TipNumberSequence.objects.get_or_create(province_id=province_id, year=year)
    sequence = TipNumberSequence.objects.select_for_update().get(province_id=province_id, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"TB-{province_id:02d}-{year}-{sequence.last:06d}"


def _set_name_keys(key_model, owner_field, owner, full_name):
    keys = duplicates.name_keys(full_name or "")
    existing = key_model.objects.filter(**{owner_field: owner})
    existing.exclude(key__in=keys).delete()
    kept = set(existing.values_list("key", flat=True))
    key_model.objects.bulk_create([key_model(**{owner_field: owner, "key": k}) for k in keys - kept])


def _bump(tip, expected_version, **changes):
    """Save changes only if nobody saved the tip since the actor loaded it."""
    updated = Tip.objects.filter(pk=tip.pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError
    tip.refresh_from_db()
    return tip


def _require_open(tip, actor):
    if not policy.handles_tip(actor, tip):
        raise PolicyDenied
    if not tip.is_open:
        raise TipStateError


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
        raise PolicyDenied
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
    _set_name_keys(TipNameKey, "tip", tip, tip.subject_name)
    _event(tip, vocab.TipEventKind.REGISTERED, actor, number=tip.number, source=tip.source, priority=tip.priority)
    _audit(actor, AuditAction.CREATE, "tip", tip.pk, details={"number": tip.number})
    return tip


@transaction.atomic
def tip_triage(*, actor, tip, expected_version, priority):
    """Phân loại: set the priority; the tip is then triaged."""
    _require_open(tip, actor)
    if priority not in vocab.Priority.values:
        raise ValueError(f"unknown priority: {priority!r}")
    previous = tip.priority
    tip = _bump(tip, expected_version, priority=priority, status=vocab.TipStatus.TRIAGED)
    _event(tip, vocab.TipEventKind.TRIAGED, actor, priority=[previous, priority])
    _audit(actor, AuditAction.STATUS_CHANGE, "tip", tip.pk, details={"status": tip.status, "priority": priority})
    return tip


@transaction.atomic
def tip_forward(*, actor, tip, expected_version, to_agency):
    """Chuyển tin báo to the competent agency, which can then see and work the tip."""
    _require_open(tip, actor)
    if not isinstance(to_agency, Agency) or not to_agency.is_active:
        raise ValueError("forward to an active agency")
    if to_agency.pk in {actor.agency.pk, tip.forwarded_to_id}:
        raise TipStateError(_("The tip is already with this agency. Choose another agency."))
    previous = tip.forwarded_to_id
    tip = _bump(tip, expected_version, forwarded_to=to_agency, status=vocab.TipStatus.FORWARDED)
    _event(tip, vocab.TipEventKind.FORWARDED, actor, to_agency=to_agency.pk, previous=previous)
    _audit(actor, AuditAction.STATUS_CHANGE, "tip", tip.pk, details={"status": tip.status, "to_agency": to_agency.pk})
    return tip


@transaction.atomic
def tip_link_case(*, actor, tip, expected_version, case):
    """Link the tip to the case it led to (only a case the actor may see); both timelines record it."""
    _require_open(tip, actor)
    if case is None or not policy.visible_cases(actor).filter(pk=case.pk).exists():
        raise PolicyDenied
    tip = _bump(tip, expected_version, linked_case=case, status=vocab.TipStatus.LINKED)
    _event(tip, vocab.TipEventKind.LINKED, actor, case=str(case.pk), case_number=case.number)
    case_event_tip_linked(case=case, actor=actor, tip=tip)
    _audit(actor, AuditAction.STATUS_CHANGE, "tip", tip.pk, details={"status": tip.status, "case": str(case.pk)})
    return tip


@transaction.atomic
def tip_close(*, actor, tip, expected_version, reason, note=""):
    """Đóng tin báo, always with a reason (and a note when the reason is 'other')."""
    _require_open(tip, actor)
    if reason not in vocab.CloseReason.values:
        raise ValueError(f"unknown close reason: {reason!r}")
    if reason == vocab.CloseReason.OTHER and not (note or "").strip():
        raise ValueError("a note is required when the reason is 'other'")
    tip = _bump(tip, expected_version, status=vocab.TipStatus.CLOSED, close_reason=reason, close_note=note.strip())
    _event(tip, vocab.TipEventKind.CLOSED, actor, reason=reason)
    _audit(actor, AuditAction.STATUS_CHANGE, "tip", tip.pk, details={"status": tip.status, "reason": reason})
    return tip


def tip_viewed(*, actor, tip, channel="web"):
    """Every read of a tip's detail is recorded."""
    _audit(actor, AuditAction.VIEW, "tip", tip.pk, details={"via": channel, "number": tip.number})


def tip_reveal(*, actor, tip, reason):
    """Record a reasoned reveal of the names, contact and summary of a tip; the caller then shows them."""
    if not policy.handles_tip(actor, tip):
        raise PolicyDenied
    _audit(actor, AuditAction.REVEAL, "tip", tip.pk, purpose=reason, details={"number": tip.number})


def tips_listed(*, actor, count, filters):
    """A list of tips is a read too: record what was asked, never the names searched."""
    safe = {k: str(v) for k, v in filters.items() if k != "q"}
    if filters.get("q"):
        safe["q"] = "number" if str(filters["q"]).strip().upper().startswith("TB-") else "name"
    _audit(actor, AuditAction.VIEW, "tip_list", "", details={"rows": count, "filters": safe})


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
        raise PolicyDenied


@transaction.atomic
def register_entry_add(*, actor, data: RegisterEntryData):
    """Ghi sổ theo dõi: add a person to the register of a commune the actor's agency covers."""
    commune = policy.register_communes(actor).filter(pk=data.commune_id).first()
    if commune is None:
        raise PolicyDenied
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
    _set_name_keys(RegisterEntryNameKey, "entry", entry, entry.full_name)
    _audit(
        actor,
        AuditAction.CREATE,
        "register_entry",
        entry.pk,
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
        raise PolicyDenied
    unknown = set(changes) - REGISTER_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "linked_tip_id" in changes and changes["linked_tip_id"] != entry.linked_tip_id:
        _check_linked_tip(actor, changes.get("linked_tip_id"))
    for name in REGISTER_IDENTITY & set(changes):
        changes[name] = (changes[name] or "").strip()
    history = _changed_fields(entry, changes)
    updated = RegisterEntry.objects.filter(pk=entry.pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError
    entry.refresh_from_db()
    if "full_name" in history:
        _set_name_keys(RegisterEntryNameKey, "entry", entry, entry.full_name)
    _audit(actor, AuditAction.CHANGE, "register_entry", entry.pk, details={"fields": history})
    return entry


@transaction.atomic
def register_entry_link_case(*, actor, entry, expected_version, case):
    """Link a register entry to the case of the person once found (only a case the actor may see)."""
    if not policy.can_keep_register(actor, entry.commune):
        raise PolicyDenied
    if case is None or not policy.visible_cases(actor).filter(pk=case.pk).exists():
        raise PolicyDenied
    updated = RegisterEntry.objects.filter(pk=entry.pk, version=expected_version).update(
        linked_case=case, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError
    entry.refresh_from_db()
    # The case's timeline says a register entry of this commune led here, never whom it names.
    write_event(case, case_vocab.EventKind.REGISTER_ENTRY_LINKED, actor, entry=str(entry.pk), commune=entry.commune_id)
    _audit(actor, AuditAction.CHANGE, "register_entry", entry.pk, details={"linked_case": str(case.pk)})
    return entry


def register_entry_opened_for_edit(*, actor, entry):
    """Opening an entry for editing shows the full name and circumstances: an explicit, audited reveal."""
    _audit(actor, AuditAction.REVEAL, "register_entry", entry.pk, purpose="edit register entry")


def register_listed(*, actor, count, filters):
    safe = {k: str(v) for k, v in filters.items() if k != "q"}
    if filters.get("q"):
        safe["q"] = "name"
    _audit(actor, AuditAction.VIEW, "register_list", "", details={"rows": count, "filters": safe})
