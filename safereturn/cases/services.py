"""Changes to persons and cases. Each is one transaction that writes the timeline and the
audit trail; side effects (notifications) run on commit. Callers pass the acting ``Actor``."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereturn.access import policy
from safereturn.access.models import BreakGlassGrant, Notification
from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record_for_actor
from safereturn.directory.models import Membership, Role

from . import duplicates, name_search, participation, vocab
from .models import (
    LIST_COPIES,
    Case,
    CaseEvent,
    CaseNote,
    CaseNumberSequence,
    CaseParticipant,
    Consent,
    Person,
    PersonNameKey,
)

IDENTITY_FIELDS = {
    "full_name",
    "other_names",
    "date_of_birth",
    "id_number",
    "phone",
    "address",
    "relatives",
    "accompanying_details",
    "risk_notes",
    "circumstances",
}


class ConflictError(Exception):
    """Someone else saved this record first: the second save is refused, nothing is lost."""

    message = gettext_lazy(
        "Someone else changed this record while you were editing it. Your changes were not saved: "
        "reload the page to see the latest version, then make your changes again."
    )


class PolicyDenied(Exception):
    pass


def write_audit(actor, action, case=None, object_type="case", object_id="", purpose="", details=None):
    audit_record_for_actor(
        actor,
        action,
        object_type=object_type,
        object_id=object_id or (case.pk if case is not None else ""),
        purpose=purpose,
        details=details,
    )


def write_event(case, kind, actor=None, **data):
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor.user if actor else None, agency=actor.agency if actor else None, data=data
    )


def age_group_for(date_of_birth, birth_year, on_date):
    if date_of_birth:
        age = (
            on_date.year
            - date_of_birth.year
            - ((on_date.month, on_date.day) < (date_of_birth.month, date_of_birth.day))
        )
    elif birth_year:
        age = on_date.year - birth_year
    else:
        return vocab.AgeGroup.UNKNOWN
    return vocab.AgeGroup.CHILD if age < 18 else vocab.AgeGroup.ADULT


def next_case_number(province_id, year):
    """'92-2026-000123': province, year, then a gap-free sequence under a row lock."""
    CaseNumberSequence.objects.get_or_create(province_id=province_id, year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(province_id=province_id, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{province_id:02d}-{year}-{sequence.last:06d}"


def _set_name_keys(person):
    keys = duplicates.name_keys(person.full_name) | duplicates.name_keys(person.other_names or "")
    PersonNameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    existing = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    PersonNameKey.objects.bulk_create(
        [PersonNameKey(person=person, key=k, birth_year=person.birth_year) for k in keys - existing]
    )
    person.name_search = name_search.stored_keys(person.full_name, person.other_names)
    Person.objects.filter(pk=person.pk).update(name_search=person.name_search)


@dataclass
class PersonData:
    full_name: str
    sex: str = vocab.Sex.UNKNOWN
    other_names: str = ""
    date_of_birth: datetime.date | None = None
    birth_year: int | None = None
    nationality: str = "VN"
    ethnicity: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    home_province_id: int | None = None
    home_commune_id: int | None = None
    relatives: list | None = None


@dataclass
class IntakeData:
    person: PersonData
    channel: str
    received_at: datetime.datetime
    province_id: int
    route: str
    risk_level: str
    commune_id: int | None = None
    handover_place: str = ""
    reception_place: str = ""
    destination_country: str = ""
    exploitation_forms: list = field(default_factory=list)
    recruitment_methods: list = field(default_factory=list)
    control_methods: list = field(default_factory=list)
    accompanying_children: int = 0
    accompanying_details: dict | None = None
    immediate_needs_met: list = field(default_factory=list)
    risk_notes: str = ""
    circumstances: str = ""
    responsible_agency_id: int | None = None
    consent_processing: bool = False
    consent_share_with: list = field(default_factory=list)
    consent_given_on: datetime.date | None = None
    link_to_person_id: int | None = None


def _person_from(data: PersonData, actor):
    birth_year = data.birth_year or (data.date_of_birth.year if data.date_of_birth else None)
    person = Person(
        full_name=data.full_name.strip(),
        other_names=data.other_names.strip(),
        date_of_birth=data.date_of_birth,
        birth_year=birth_year,
        sex=data.sex,
        nationality=data.nationality or "VN",
        ethnicity=data.ethnicity,
        id_number=data.id_number.strip(),
        id_number_index=duplicates.id_index(data.id_number),
        phone=data.phone.strip(),
        phone_index=duplicates.phone_index(data.phone),
        address=data.address.strip(),
        home_province_id=data.home_province_id,
        home_commune_id=data.home_commune_id,
        relatives=data.relatives,
        created_by_agency=actor.agency,
    )
    person.save()
    _set_name_keys(person)
    return person


@transaction.atomic
def intake_record(*, actor, data: IntakeData):
    """Tiếp nhận: record a person (new, or an earlier record the officer chose) and open a case."""
    if not policy.can_create_case(actor):
        raise PolicyDenied
    if data.link_to_person_id:
        # Linking is allowed only to a person the officer can already see through a case.
        person = (
            Person.objects.filter(
                pk=data.link_to_person_id, cases__in=policy.visible_cases(actor), merged_into__isnull=True
            )
            .distinct()
            .first()
        )
        if person is None:
            raise PolicyDenied
    else:
        person = _person_from(data.person, actor)
    received_on = timezone.localdate(data.received_at)
    case = Case.objects.create(
        number=next_case_number(data.province_id, received_on.year),
        person=person,
        channel=data.channel,
        handover_place=data.handover_place,
        received_at=data.received_at,
        reception_place=data.reception_place,
        receiving_agency=actor.agency,
        responsible_agency_id=data.responsible_agency_id or actor.agency.pk,
        province_id=data.province_id,
        commune_id=data.commune_id,
        route=data.route,
        destination_country=data.destination_country,
        exploitation_forms=vocab.encode_codes(data.exploitation_forms),
        recruitment_methods=vocab.encode_codes(data.recruitment_methods),
        control_methods=vocab.encode_codes(data.control_methods),
        accompanying_children=data.accompanying_children,
        accompanying_details=data.accompanying_details,
        immediate_needs_met=vocab.encode_codes(data.immediate_needs_met),
        risk_level=data.risk_level,
        risk_notes=data.risk_notes,
        circumstances=data.circumstances,
        person_sex=person.sex,
        age_group=age_group_for(person.date_of_birth, person.birth_year, received_on),
        created_by=actor.user,
    )
    CaseParticipant.objects.create(case=case, agency=actor.agency, role=vocab.ParticipantRole.RECEIVER)
    if case.responsible_agency_id != actor.agency.pk:
        CaseParticipant.objects.create(
            case=case, agency_id=case.responsible_agency_id, role=vocab.ParticipantRole.RESPONSIBLE
        )
    write_event(case, vocab.EventKind.CASE_CREATED, actor, channel=case.channel, number=case.number)
    if data.link_to_person_id:
        write_event(case, vocab.EventKind.PERSON_LINKED, actor, person_id=person.pk)
    if data.consent_given_on is not None:
        Consent.objects.create(
            case=case,
            processing=data.consent_processing,
            share_with=vocab.encode_codes(data.consent_share_with),
            given_on=data.consent_given_on,
            recorded_by=actor.user,
            recorded_by_agency=actor.agency,
        )
        write_event(case, vocab.EventKind.CONSENT_RECORDED, actor, processing=data.consent_processing)
    write_audit(
        actor, AuditAction.CREATE, case, details={"number": case.number, "linked": bool(data.link_to_person_id)}
    )
    return case


@transaction.atomic
def person_link_case(*, actor, case, person_id, expected_version):
    """Attach a case to an earlier record of the same person (merge), keeping history."""
    if not policy.can_edit_case(actor, case):
        raise PolicyDenied
    target = (
        Person.objects.filter(pk=person_id, cases__in=policy.visible_cases(actor), merged_into__isnull=True)
        .distinct()
        .first()
    )
    if target is None or target.pk == case.person_id:
        raise PolicyDenied
    # The case's copies of the person's sex and age group follow the record it now belongs to.
    age_group = age_group_for(target.date_of_birth, target.birth_year, timezone.localdate(case.received_at))
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        person=target,
        person_sex=target.sex,
        age_group=age_group,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise ConflictError
    participation.copy_case_fields(case_ids=[case.pk])
    old_person_id = case.person_id
    if not Case.objects.filter(person_id=old_person_id).exists():
        Person.objects.filter(pk=old_person_id).update(merged_into=target, version=F("version") + 1)
    write_event(case, vocab.EventKind.PERSON_LINKED, actor, person_id=target.pk, previous_person_id=old_person_id)
    write_audit(actor, AuditAction.CHANGE, case, details={"linked_person": target.pk, "previous_person": old_person_id})
    case.refresh_from_db()
    return case


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
PERSON_EDITABLE = {
    "full_name",
    "other_names",
    "date_of_birth",
    "birth_year",
    "sex",
    "nationality",
    "ethnicity",
    "id_number",
    "phone",
    "address",
    "home_province_id",
    "home_commune_id",
}


def _history(instance, changes):
    """Changed fields for the timeline; identity values are never written, only that they changed."""
    record = {}
    for name, new in changes.items():
        old = getattr(instance, name)
        if old == new:
            continue
        if name in IDENTITY_FIELDS or name.endswith("_index"):
            record[name] = "changed"
        else:
            record[name] = [str(old) if old is not None else None, str(new) if new is not None else None]
    return record


@transaction.atomic
def case_update(*, actor, case, expected_version, changes):
    if not policy.can_edit_case(actor, case):
        raise PolicyDenied
    unknown = set(changes) - CASE_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    history = _history(case, changes)
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError
    if "commune_id" in history:
        participation.recompute(case_id=case.pk)  # a commune agency's jurisdiction may now cover it, or not
        policy.forget(case)
    if set(history) & set(LIST_COPIES):
        participation.copy_case_fields(case_ids=[case.pk])
    if history:
        write_event(case, vocab.EventKind.CASE_UPDATED, actor, fields=history)
    write_audit(actor, AuditAction.CHANGE, case, details={"fields": sorted(history)})
    case.refresh_from_db()
    return case


@transaction.atomic
def person_update(*, actor, case, expected_version, changes):
    """Edit the person behind a case; identity fields stay encrypted, history records only that they changed."""
    if not policy.can_edit_case(actor, case):
        raise PolicyDenied
    unknown = set(changes) - PERSON_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    person = case.person
    history = _history(person, changes)
    if "id_number" in changes:
        changes["id_number_index"] = duplicates.id_index(changes["id_number"])
    if "phone" in changes:
        changes["phone_index"] = duplicates.phone_index(changes["phone"])
    if changes.get("date_of_birth") and "birth_year" not in changes:
        changes["birth_year"] = changes["date_of_birth"].year
    updated = Person.objects.filter(pk=person.pk, version=expected_version).update(**changes, version=F("version") + 1)
    if not updated:
        raise ConflictError
    person.refresh_from_db()
    if "full_name" in changes or "other_names" in changes:
        _set_name_keys(person)
    if {"date_of_birth", "birth_year"} & set(changes):
        PersonNameKey.objects.filter(person=person).update(birth_year=person.birth_year)
    case_changes = {"person_sex": person.sex}
    if {"date_of_birth", "birth_year"} & set(changes):
        case_changes["age_group"] = age_group_for(
            person.date_of_birth, person.birth_year, timezone.localdate(case.received_at)
        )
    Case.objects.filter(person=person).update(**{k: v for k, v in case_changes.items() if k == "person_sex"})
    if "age_group" in case_changes:
        Case.objects.filter(pk=case.pk).update(age_group=case_changes["age_group"])
    participation.copy_case_fields(case_ids=Case.objects.filter(person=person).values_list("pk", flat=True))
    if history:
        write_event(case, vocab.EventKind.PERSON_UPDATED, actor, fields=history)
    write_audit(
        actor, AuditAction.CHANGE, object_type="person", object_id=person.pk, details={"fields": sorted(history)}
    )
    return person


@transaction.atomic
def note_add(*, actor, case, category, body):
    if not policy.can_write_note(actor, case, category):
        raise PolicyDenied
    note = CaseNote.objects.create(case=case, category=category, body=body, author=actor.user, agency=actor.agency)
    write_event(case, vocab.EventKind.NOTE_ADDED, actor, category=category)
    write_audit(actor, AuditAction.CREATE, object_type="case_note", object_id=note.pk, details={"case": str(case.pk)})
    return note


@transaction.atomic
def consent_withdraw(*, actor, case, consent_id, withdrawn_on):
    if not policy.can_edit_case(actor, case):
        raise PolicyDenied
    updated = Consent.objects.filter(pk=consent_id, case=case, withdrawn_on__isnull=True).update(
        withdrawn_on=withdrawn_on, withdrawn_recorded_by=actor.user
    )
    if updated:
        write_event(case, vocab.EventKind.CONSENT_WITHDRAWN, actor, consent=consent_id)
        write_audit(actor, AuditAction.CHANGE, object_type="consent", object_id=consent_id, details={"withdrawn": True})
    return bool(updated)


def identity_reveal(*, actor, case, reason):
    """Record a reasoned reveal of a case's identity data; the caller then shows it."""
    if not policy.can_reveal_identity(actor, case):
        raise PolicyDenied
    write_audit(actor, AuditAction.REVEAL, case, purpose=reason)


def case_viewed(*, actor, case, channel="web"):
    write_audit(actor, AuditAction.VIEW, case, details={"via": channel})


@transaction.atomic
def break_glass_open(*, actor, case_id, justification):
    """Emergency access to a case outside scope: audited, time-limited, supervisors told at once."""
    if not policy.can_break_glass(actor):
        raise PolicyDenied
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise PolicyDenied
    policy.forget(case)
    grant = BreakGlassGrant.objects.create(
        user=actor.user,
        agency=actor.agency,
        case=case,
        justification=justification,
        expires_at=policy.break_glass_expiry(),
    )
    write_event(case, vocab.EventKind.BREAK_GLASS, actor, grant=grant.pk)
    write_audit(actor, AuditAction.BREAK_GLASS, case, purpose=justification, details={"grant": grant.pk})
    supervisors = Membership.objects.filter(agency=actor.agency, role=Role.SUPERVISOR, is_active=True)
    recipients = {m.user_id for m in supervisors}
    recipients |= set(
        CaseParticipant.objects.filter(
            case=case, is_active=True, agency__memberships__role=Role.SUPERVISOR
        ).values_list("agency__memberships__user_id", flat=True)
    )
    recipients.discard(actor.user.pk)
    message = _("%(officer)s used emergency access to case %(number)s.") % {
        "officer": actor.user.get_username(),
        "number": case.number,
    }
    Notification.objects.bulk_create(
        [Notification(recipient_id=uid, kind="break_glass", message=message, case=case) for uid in recipients]
    )
    return grant


def intake_data_from_form(data):
    """Build ``IntakeData`` from a cleaned intake form (the API builds it from its serializer)."""
    return IntakeData(
        person=PersonData(
            full_name=data["full_name"],
            other_names=data.get("other_names", ""),
            sex=data["sex"],
            date_of_birth=data.get("date_of_birth"),
            birth_year=data.get("birth_year"),
            nationality=data.get("nationality") or "VN",
            ethnicity=data.get("ethnicity", ""),
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
            home_province_id=data["home_province"].pk if data.get("home_province") else None,
            home_commune_id=data["home_commune"].pk if data.get("home_commune") else None,
        ),
        channel=data["channel"],
        handover_place=data.get("handover_place", ""),
        received_at=data["received_at"],
        province_id=data["province"].pk,
        commune_id=data["commune"].pk if data.get("commune") else None,
        reception_place=data.get("reception_place", ""),
        route=data["route"],
        destination_country=data.get("destination_country", ""),
        exploitation_forms=data.get("exploitation_forms", []),
        recruitment_methods=data.get("recruitment_methods", []),
        control_methods=data.get("control_methods", []),
        circumstances=data.get("circumstances", ""),
        accompanying_children=data.get("accompanying_children") or 0,
        accompanying_details={"text": data["accompanying_details"]} if data.get("accompanying_details") else None,
        immediate_needs_met=data.get("immediate_needs_met", []),
        risk_level=data["risk_level"],
        risk_notes=data.get("risk_notes", ""),
        consent_processing=bool(data.get("consent_processing")),
        consent_share_with=data.get("consent_share_with", []),
        consent_given_on=data.get("consent_given_on"),
        link_to_person_id=data.get("link_to_person") or None,
    )


def cases_listed(*, actor, count, filters):
    """A list of cases is a read of case data too: record what was asked, never the names searched."""
    safe_filters = {k: str(v) for k, v in filters.items() if k != "q"}
    if filters.get("q"):
        safe_filters["q"] = "name" if not str(filters["q"])[:2].isdigit() else "number"
    write_audit(actor, AuditAction.VIEW, object_type="case_list", details={"rows": count, "filters": safe_filters})


def duplicate_check_recorded(*, actor, shown, hidden):
    write_audit(
        actor, AuditAction.VIEW, object_type="duplicate_check", details={"shown": shown, "held_elsewhere": hidden}
    )


# ---- documents -------------------------------------------------------------------------------


def document_add(*, actor, case, kind, uploaded_file):
    """Add a file to a case, sealed at rest. Bad input raises ``ValidationError`` and stores nothing.

    The sealed file is written first, then the row, timeline event and audit event in one
    transaction; if that transaction fails the file is deleted again.
    """
    from django.core.exceptions import ValidationError

    from . import documents
    from .models import CaseDocument

    if not policy.can_edit_case(actor, case):
        raise PolicyDenied
    if kind not in vocab.DocumentKind.values:
        raise ValidationError({"kind": [_("Choose what kind of document this is.")]})
    checked = documents.check_upload(uploaded_file)
    storage_name = documents.store_sealed(checked.data)
    try:
        with transaction.atomic():
            document = CaseDocument.objects.create(
                case=case,
                kind=kind,
                original_name=checked.name,
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=checked.sha256,
                storage_name=storage_name,
                uploaded_by=actor.user,
                agency=actor.agency,
            )
            write_event(case, vocab.EventKind.DOCUMENT_ADDED, actor, document=document.pk, document_kind=kind)
            write_audit(
                actor,
                AuditAction.CREATE,
                object_type="case_document",
                object_id=document.pk,
                details={"case": str(case.pk), "kind": kind, "size": document.size, "sha256": checked.sha256},
            )
    except BaseException:
        documents.delete_quietly(storage_name)
        raise
    return document


def document_may_open(actor, case, document):
    from . import documents

    return document.kind not in documents.IDENTITY_KINDS or policy.can_reveal_identity(actor, case)


def document_open(*, actor, case, document_id, channel="web"):
    """The clear bytes of a document of a case the caller already resolved through the policy.

    Identity documents and photos need the right to reveal identity. Every read is an export
    in the audit trail. Returns ``(document, data, filename)``.
    """
    from django.http import Http404

    from . import documents
    from .models import CaseDocument

    document = CaseDocument.objects.filter(case=case, pk=document_id).select_related("case").first()
    if document is None:
        raise Http404
    if not document_may_open(actor, case, document):
        raise PolicyDenied
    data = documents.open_document(document)
    with_name = policy.can_reveal_identity(actor, case)
    write_audit(
        actor,
        AuditAction.EXPORT,
        object_type="case_document",
        object_id=document.pk,
        details={"case": str(case.pk), "kind": document.kind, "via": channel},
    )
    return document, data, documents.download_name(document, with_original_name=with_name)


@transaction.atomic
def consent_record(*, actor, case, processing, share_with, given_on):
    if not policy.can_edit_case(actor, case):
        raise PolicyDenied
    consent = Consent.objects.create(
        case=case,
        processing=processing,
        share_with=vocab.encode_codes(share_with),
        given_on=given_on,
        recorded_by=actor.user,
        recorded_by_agency=actor.agency,
    )
    write_event(case, vocab.EventKind.CONSENT_RECORDED, actor, processing=processing)
    write_audit(actor, AuditAction.CREATE, object_type="consent", object_id=consent.pk, details={"case": str(case.pk)})
    return consent
