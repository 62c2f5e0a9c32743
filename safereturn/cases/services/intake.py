"""Tiếp nhận: recording a person and opening a case."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy, refusals
from safereturn.audit.models import AuditAction, AuditEvent
from safereturn.audit.timeline import record
from safereturn.core import errors
from safereturn.core.name_keys import id_index, phone_index
from safereturn.core.sequences import next_number
from safereturn.directory.models import Agency, Role
from safereturn.notifications.selectors import lead_agency_for, recipients_for
from safereturn.notifications.services import notify

from .. import sharing, vocab
from ..models import Case, CaseEvent, CaseParticipant, Consent, Person
from ..notification_kinds import DUPLICATE_CHECKS_ALERT
from .persons import age_group_for, set_person_name_keys

CASE_NUMBER_SERIES = "case"


def next_case_number(province_id, year):
    """'92-2026-000123': province, year, then the province's gap-free sequence for the year."""
    number = next_number(CASE_NUMBER_SERIES, scope=province_id, year=year)
    return f"{province_id:02d}-{year}-{number:06d}"


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
    home_former_commune_id: int | None = None
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
        id_number_index=id_index(data.id_number),
        phone=data.phone.strip(),
        phone_index=phone_index(data.phone),
        address=data.address.strip(),
        home_province_id=data.home_province_id,
        home_commune_id=data.home_commune_id,
        home_former_commune_id=data.home_former_commune_id,
        relatives=data.relatives,
        created_by_agency=actor.agency,
    )
    person.save()
    set_person_name_keys(person)
    return person


def _linked_person(actor, person_id):
    """Linking is allowed only to a person the officer can already see through a case."""
    person = (
        Person.objects.filter(pk=person_id, cases__in=policy.visible_cases(actor), merged_into__isnull=True)
        .distinct()
        .first()
    )
    if person is None:
        raise errors.Denied
    return person


def outside_territory_message(agency):
    if agency.commune_id:
        return _("Your agency records cases received in its own commune only. Choose %(place)s.") % {
            "place": agency.commune.name
        }
    return _("Your agency records cases received in its own province only. Choose %(place)s.") % {
        "place": agency.province.name
    }


@transaction.atomic
def intake_record(*, actor, data: IntakeData):
    """Tiếp nhận: record a person (new, or an earlier record the officer chose) and open a case."""
    if not policy.can_create_case(actor):
        raise errors.Denied
    if not policy.records_cases_at(actor.agency, data.province_id, data.commune_id):
        field = "commune" if actor.agency.commune_id else "province"
        raise ValidationError({field: [outside_territory_message(actor.agency)]})
    linked = bool(data.link_to_person_id)
    person = _linked_person(actor, data.link_to_person_id) if linked else _person_from(data.person, actor)
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
    CaseParticipant.objects.create(
        case=case, agency=actor.agency, role=vocab.ParticipantRole.RECEIVER, basis=vocab.ShareBasis.OWN
    )
    # The consent first: sharing with the responsible agency may rely on it.
    if data.consent_given_on is not None:
        Consent.objects.create(
            case=case,
            processing=data.consent_processing,
            share_with=vocab.encode_codes(data.consent_share_with),
            given_on=data.consent_given_on,
            recorded_by=actor.user,
            recorded_by_agency=actor.agency,
        )
    if case.responsible_agency_id != actor.agency.pk:
        responsible = Agency.objects.select_related("agency_type").get(pk=case.responsible_agency_id)
        basis = sharing.require_basis(case, responsible, field="responsible_agency")
        CaseParticipant.objects.create(
            case=case, agency=responsible, role=vocab.ParticipantRole.RESPONSIBLE, **basis.fields()
        )
    lead, lead_basis = _lead_agency(actor, case, received_on)
    lead_recipients = recipients_for(lead, LEAD_ROLES) if lead is not None else None
    lead_details = {"lead_agency": lead.pk, **lead_recipients.as_details()} if lead is not None else {}
    record(
        actor,
        AuditAction.CREATE,
        object_type="case",
        object_id=case.pk,
        details={"number": case.number, "linked": linked, **lead_details},
        event=CaseEvent.build(case, vocab.EventKind.CASE_CREATED, actor, channel=case.channel, number=case.number),
    )
    if lead_basis is not None and lead.pk != case.responsible_agency_id:
        sharing.share(actor, case, lead, vocab.ParticipantRole.LEAD, lead_basis)
    if linked:
        CaseEvent.add(case, vocab.EventKind.PERSON_LINKED, actor, person_id=person.pk)
    if data.consent_given_on is not None:
        CaseEvent.add(case, vocab.EventKind.CONSENT_RECORDED, actor, processing=data.consent_processing)
    if lead is not None:
        _notify_lead_agency(actor, case, lead_recipients)
    return case


LEAD_ROLES = (Role.SUPERVISOR, Role.VERIFIER, Role.CASE_WORKER)


def _lead_agency(actor, case, received_on):
    """``(agency, basis)``: the province's lead agency (the rule row "coordinate" in force when the case
    was received, and the directory's agency of that type in the province), which takes part in the
    case by the law's duty: it receives the notice and verifies with the provincial police. ``(None,
    None)`` when there is none or it received the person itself; the basis is None when the rules give
    it no duty on that date (it is told, and takes part only if the person consents)."""
    lead = lead_agency_for(case.province_id, on_date=received_on)
    if lead is None or lead.pk == actor.agency.pk:
        return None, None
    return lead, sharing.basis_for(case, lead)


def _notify_lead_agency(actor, case, recipients):
    """The commune's notice to the lead agency: its supervisors, verifiers and case workers (or whoever
    the agency tree gives)."""
    notify(
        kind="case_received_lead",
        recipients=recipients,
        exclude=[actor.user.pk],
        params={
            "number": case.number,
            "agency": actor.agency.name,
            "received": timezone.localdate(case.received_at).isoformat(),
        },
        link=reverse("cases:detail", args=[case.pk]),
        object_type="case",
        object_id=case.pk,
    )


def intake_data_from_form(data):
    """Build ``IntakeData`` from a cleaned intake form (pages and API both validate with the form)."""
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
            home_former_commune_id=data["former_commune"].pk if data.get("former_commune") else None,
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


DUPLICATE_CHECK = "duplicate_check"


def _duplicate_checks_in_window(actor):
    since = timezone.now() - datetime.timedelta(minutes=settings.SAFERETURN_DUPLICATE_CHECK_MINUTES)
    return AuditEvent.objects.filter(
        actor_id=actor.user.pk, action=AuditAction.VIEW, object_type=DUPLICATE_CHECK, occurred_at__gte=since
    ).count()


def duplicate_check_permit(*, actor):
    """Refuse (``errors.TooMany``, recorded as a refusal) an officer who has already run the duplicate check
    ``SAFERETURN_DUPLICATE_CHECK_LIMIT`` times in the last ``SAFERETURN_DUPLICATE_CHECK_MINUTES``: the
    check answers whether a person is held elsewhere, so it must not become a lookup service."""
    limit, minutes = settings.SAFERETURN_DUPLICATE_CHECK_LIMIT, settings.SAFERETURN_DUPLICATE_CHECK_MINUTES
    if _duplicate_checks_in_window(actor) < limit:
        return
    with transaction.atomic():
        record(
            actor,
            AuditAction.DENIED,
            object_type=DUPLICATE_CHECK,
            details={"reason": "rate_limit", "limit": limit, "minutes": minutes},
        )
    raise errors.TooMany(
        _(
            "You have checked for earlier records too many times in a short while. "
            "Wait %(minutes)s minutes and try again."
        )
        % {"minutes": minutes}
    )


def duplicate_check_recorded(*, actor, shown, hidden, id_number_given=False):
    """Audit one duplicate check (how many were shown, how many held elsewhere, whether an ID number was
    asked about, never the number); when the officer's checks in the window reach the limit, tell the
    supervisors and the province's auditors."""
    with transaction.atomic():
        record(
            actor,
            AuditAction.VIEW,
            object_type=DUPLICATE_CHECK,
            details={"shown": shown, "held_elsewhere": hidden, "id_number": bool(id_number_given)},
        )
        count = _duplicate_checks_in_window(actor)
        if count == settings.SAFERETURN_DUPLICATE_CHECK_LIMIT:
            refusals.alert_supervisors_and_auditors(
                kind=DUPLICATE_CHECKS_ALERT,
                user=actor.user,
                agency=actor.agency,
                params={
                    "officer": actor.user.get_username(),
                    "count": count,
                    "minutes": settings.SAFERETURN_DUPLICATE_CHECK_MINUTES,
                },
                action=AuditAction.VIEW,
            )
