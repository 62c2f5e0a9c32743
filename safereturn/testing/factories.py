"""factory-boy factories for every concrete model of the project (``FACTORIES``; a test fails when a
model has none).

Each factory makes a row the application would accept, with the defaults the application would give:
places from the reference geography (loaded once per test database by the root ``conftest.py``),
agency types from the reference data, numbers from the gap-free sequences of ``core.sequences``,
blind indexes and name keys written as the services write them. Identity fields are plain values
here: the model fields encrypt them.

A factory writes its own rows, not the audit trail, notifications or access decisions a service
adds around them. Where a test is about those, or needs the record exactly as an officer's action
leaves it, the factory's ``through_service`` (or ``through_intake``) goes through the service
instead. Membership, API token and audit event factories always go through theirs: those rows have
no other way in.

Reference data (provinces, communes, former units, agency types) is found, not made: the factory
returns the loaded row for its code (Cần Thơ, Phú Lợi... by default) and makes one only for a code
that is not loaded.
"""

import datetime
import hashlib
from types import SimpleNamespace

import factory
from django.apps import apps
from django.utils import timezone
from factory.django import DjangoModelFactory, Password

from safereturn.access.models import BreakGlassGrant
from safereturn.accounts.models import ApiToken, AuthenticatorDevice
from safereturn.audit.models import AuditChainHead, AuditEvent
from safereturn.audit.services import audit_record
from safereturn.cases import documents, vocab
from safereturn.cases import services as case_services
from safereturn.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseParticipant,
    Consent,
    IntakeDraft,
    MatchRequest,
    Person,
    PersonNameKey,
)
from safereturn.cases.services.persons import set_person_name_keys
from safereturn.coordination.models import ActionItem, ActionReminderRule, Meeting
from safereturn.core.crypto import blind_index
from safereturn.core.idempotency import fingerprint
from safereturn.core.models import IdempotencyKey, NumberSequence
from safereturn.core.name_keys import id_index, phone_index, write_name_keys
from safereturn.directory.models import Agency, AgencyType, FacilityService, FocalPoint, Membership, User
from safereturn.directory.services import membership_grant, membership_revoke
from safereturn.documents.rendering import amount_in_words_vnd
from safereturn.geo.models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province
from safereturn.identification import services as identification_services
from safereturn.identification.models import CaseClosure, Evidence, IdentificationDecision, VerificationTask
from safereturn.identification.services import document_symbol
from safereturn.identification.services.decisions import next_document_number
from safereturn.notifications import kinds
from safereturn.notifications.models import Notification, NotificationPreference, UnreachedNotice
from safereturn.protection.models import (
    DangerAlert,
    MeasureReview,
    ProtectionMeasure,
    ProtectionMeasureType,
    ProtectionTiming,
    RiskAssessment,
)
from safereturn.referrals.models import Referral, ReferralResponseRule
from safereturn.reintegration.models import (
    ChildEscort,
    CommunityReturn,
    FamilyContact,
    FollowUpVisit,
    FollowUpVisitRule,
    NeedsAssessment,
    PlannedService,
    PlanReview,
    PlanReviewRule,
    ReintegrationAssessment,
    RetraffickingLink,
    SupportPlan,
)
from safereturn.reintegration.services import add_months
from safereturn.rules.models import (
    AgencyCompetenceRule,
    DeadlineRule,
    EmergencyAccessRule,
    MatchRequestRule,
    PublicHoliday,
    RuleChange,
    SharingException,
    SharingRule,
)
from safereturn.rules.selectors import deadline_for, in_force, rule_in_force
from safereturn.shelters.models import FacilityPlaces, OverCapacityDecision, Stay, StayCapRule, StayExtension
from safereturn.support import seed as support_seed
from safereturn.support.models import (
    EntitlementItem,
    SpendingMonth,
    SupportDecision,
    SupportRate,
    SupportRecord,
    SupportRegime,
)
from safereturn.tips import services as tip_services
from safereturn.tips.models import RegisterEntry, RegisterEntryNameKey, Tip, TipEvent, TipNameKey
from safereturn.tips.vocab import TipEventKind

from .personas import CAN_THO, PASSWORD, PHU_LOI, record_case

CITATION = "Luật Phòng, chống mua bán người số 53/2024/QH15"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nBien ban thu\n%%EOF\n"


def _acting(user, agency):
    """What ``TimelineEvent.build`` reads of an actor: the officer and the agency."""
    return SimpleNamespace(user=user, agency=agency)


# ---- platform -----------------------------------------------------------------------------------


class NumberSequenceFactory(DjangoModelFactory):
    """A series' counter for a scope and year. Services take numbers with ``core.sequences.next_number``,
    which makes the row on first use: make one here only to start a series further on."""

    class Meta:
        model = NumberSequence

    series = factory.Sequence(lambda n: f"kit-series-{n}")
    scope = str(CAN_THO)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    last = 0


# ---- geography (reference data: found by code) ---------------------------------------------------


class ProvinceFactory(DjangoModelFactory):
    """A province of the reference geography: Cần Thơ (92) unless ``code`` names another."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = CAN_THO
    name = factory.LazyAttribute(lambda o: f"Tỉnh thử {o.code}")
    division_type = "tỉnh"
    codename = factory.LazyAttribute(lambda o: f"tinh_thu_{o.code}")


class CommuneFactory(DjangoModelFactory):
    """A commune of the reference geography: Phường Phú Lợi (31510, Cần Thơ) unless ``code`` names another."""

    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = PHU_LOI
    name = factory.LazyAttribute(lambda o: f"Xã thử {o.code}")
    division_type = "xã"
    codename = factory.LazyAttribute(lambda o: f"xa_thu_{o.code}")
    province = factory.SubFactory(ProvinceFactory)


class LegacyProvinceFactory(DjangoModelFactory):
    """A province as it was before 1 July 2025: Sóc Trăng (94, now part of Cần Thơ) by default."""

    class Meta:
        model = LegacyProvince
        django_get_or_create = ("code",)

    code = 94
    name = factory.LazyAttribute(lambda o: f"Tỉnh cũ {o.code}")
    successor = factory.SubFactory(ProvinceFactory)


class LegacyDistrictFactory(DjangoModelFactory):
    """A former district: Thành phố Sóc Trăng (941) by default."""

    class Meta:
        model = LegacyDistrict
        django_get_or_create = ("code",)

    code = 941
    name = factory.LazyAttribute(lambda o: f"Huyện cũ {o.code}")
    legacy_province = factory.SubFactory(LegacyProvinceFactory)


class LegacyCommuneFactory(DjangoModelFactory):
    """A former commune: Phường 2 of Sóc Trăng (31510, now Phường Phú Lợi) by default."""

    class Meta:
        model = LegacyCommune
        django_get_or_create = ("code",)

    code = PHU_LOI
    name = factory.LazyAttribute(lambda o: f"Xã cũ {o.code}")
    legacy_district = factory.SubFactory(LegacyDistrictFactory)
    successor = factory.SubFactory(CommuneFactory)


# ---- audit --------------------------------------------------------------------------------------


class AuditEventFactory(DjangoModelFactory):
    """An audit event, written by ``audit.services.audit_record`` (the table is append-only: an event
    is never saved twice). ``actor`` (a user) fills the actor's id and username."""

    class Meta:
        model = AuditEvent

    actor = None  # a user: ``audit_record`` reads their id and username
    action = "view"
    actor_username = factory.Sequence(lambda n: f"kit.auditor{n}")
    agency_id = None
    role = ""
    object_type = "case"
    object_id = factory.Sequence(str)
    purpose = ""
    details = factory.LazyFunction(dict)

    @classmethod
    def _create(cls, model_class, *, actor=None, **fields):
        allowed = {"action", "actor_username", "agency_id", "role", "object_type", "object_id", "purpose", "details"}
        unknown = set(fields) - allowed
        if unknown:
            raise TypeError(f"audit events are written by audit_record, which takes no {sorted(unknown)}")
        return audit_record(actor=actor, **fields)


class AuditChainHeadFactory(DjangoModelFactory):
    """The chain's one head row (the sealer keeps it): found if it exists."""

    class Meta:
        model = AuditChainHead
        django_get_or_create = ("id",)

    id = 1
    last_seq = 0
    last_hash = ""


# ---- directory ----------------------------------------------------------------------------------


class AgencyTypeFactory(DjangoModelFactory):
    """An agency type of the reference data: the provincial health department unless ``code`` names another."""

    class Meta:
        model = AgencyType
        django_get_or_create = ("code",)

    code = "health_department"
    name_vi = factory.LazyAttribute(lambda o: f"Loại cơ quan thử {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Test agency type {o.code}")
    level = "province"


class AgencyFactory(DjangoModelFactory):
    """A provincial health department in Cần Thơ. Traits: ``commune_level=True`` (the Phú Lợi ward
    committee's kind: a commune committee in ``commune``) and ``national=True`` (a ministry)."""

    class Meta:
        model = Agency

    class Params:
        commune_level = factory.Trait(
            jurisdiction_level="commune",
            agency_type=factory.SubFactory(AgencyTypeFactory, code="commune_committee"),
            commune=factory.SubFactory(CommuneFactory),
            short_name="UBND",
        )
        national = factory.Trait(
            jurisdiction_level="national",
            agency_type=factory.SubFactory(AgencyTypeFactory, code="ministry"),
        )

    name = factory.Sequence(lambda n: f"Cơ quan thử số {n}")
    short_name = "SYT"
    agency_type = factory.SubFactory(AgencyTypeFactory)
    jurisdiction_level = "province"
    commune = None
    province = factory.LazyAttribute(
        lambda o: (
            None
            if o.jurisdiction_level == "national"
            else (o.commune.province if o.commune is not None else ProvinceFactory())
        )
    )


class FocalPointFactory(DjangoModelFactory):
    class Meta:
        model = FocalPoint

    agency = factory.SubFactory(AgencyFactory)
    full_name = factory.Sequence(lambda n: f"Cán bộ đầu mối thử {n}")
    title = "Phó trưởng phòng"
    phone = "0292 3820 000"
    email = factory.Sequence(lambda n: f"kit.focal{n}@example.org")


class FacilityServiceFactory(DjangoModelFactory):
    """Beds at a provincial social support centre."""

    class Meta:
        model = FacilityService

    agency = factory.SubFactory(
        AgencyFactory, agency_type=factory.SubFactory(AgencyTypeFactory, code="social_support_facility")
    )
    service_type = "accommodation"
    capacity = 20


class UserFactory(DjangoModelFactory):
    """A user with the kit's password (``personas.PASSWORD``) and no membership: see ``OfficerFactory``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"kit.user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng thử {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = Password(PASSWORD)


class MembershipFactory(DjangoModelFactory):
    """A role in an agency, granted through ``directory.services.membership_grant`` (audited; admin
    access follows the system administrator role). ``is_active=False`` revokes it after granting."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = "case_worker"
    is_active = True

    @classmethod
    def _create(cls, model_class, *, user, agency, role, is_active=True, **fields):
        if fields:
            raise TypeError(f"memberships are granted by membership_grant, which takes no {sorted(fields)}")
        membership = membership_grant(user=user, agency=agency, role=role)
        if not is_active:
            membership_revoke(membership=membership)
        return membership


class OfficerFactory(UserFactory):
    """A user with one active membership: ``role`` (case worker) in ``agency`` (a new provincial agency)."""

    class Params:
        role = "case_worker"
        agency = factory.SubFactory(AgencyFactory)

    membership = factory.RelatedFactory(
        MembershipFactory,
        factory_related_name="user",
        role=factory.SelfAttribute("..role"),
        agency=factory.SelfAttribute("..agency"),
    )


# ---- rules (versions before 2012, where no seeded version is in force) ----------------------------


def _a_year_before_the_seeded_rules(n):
    return datetime.date(1900 + n % 100, 1, 1)


class DeadlineRuleFactory(DjangoModelFactory):
    """A version of the identity-verification deadline in force for one year in the 1900s (a new year
    for each row), so it overlaps neither the seeded versions (2012 on) nor another made here."""

    class Meta:
        model = DeadlineRule

    step = "identity"
    days = 15
    counting = "working_days"
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION
    citation_article = "24"


class AgencyCompetenceRuleFactory(DjangoModelFactory):
    """Provincial police may verify, for one year in the 1900s (as ``DeadlineRuleFactory``)."""

    class Meta:
        model = AgencyCompetenceRule

    agency_type_code = "province_police"
    action = "verify"
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class SharingRuleFactory(DjangoModelFactory):
    """Police work on cases by law, for one year in the 1900s (as ``DeadlineRuleFactory``)."""

    class Meta:
        model = SharingRule

    agency_type_code = "province_police"
    basis = "legal_duty"
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class SharingExceptionFactory(DjangoModelFactory):
    """A legal exception to consent, for one year in the 1900s (as ``DeadlineRuleFactory``)."""

    class Meta:
        model = SharingException

    code = factory.Sequence(lambda n: f"exception_{n}")
    name_vi = factory.Sequence(lambda n: f"Ngoại lệ thử {n}")
    name_en = factory.Sequence(lambda n: f"Test exception {n}")
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class PublicHolidayFactory(DjangoModelFactory):
    """A day off in 1990 onwards (the seeded holidays are 2025 on)."""

    class Meta:
        model = PublicHoliday

    date = factory.Sequence(lambda n: datetime.date(1990, 1, 1) + datetime.timedelta(days=n))
    name = factory.Sequence(lambda n: f"Ngày nghỉ thử {n}")
    citation_document = "Bộ luật Lao động 2019, Điều 112"


class RuleChangeFactory(DjangoModelFactory):
    """An administrator's change to a deadline rule (the admin writes these on every save)."""

    class Meta:
        model = RuleChange

    class Params:
        rule = factory.SubFactory(DeadlineRuleFactory)

    rule_type = "rules.deadlinerule"
    rule_id = factory.SelfAttribute("rule.pk")
    change = "change"
    changed_by = factory.SubFactory(OfficerFactory, role="system_admin")
    changed_by_username = factory.SelfAttribute("changed_by.username")
    before = factory.LazyFunction(lambda: {"days": "15"})
    after = factory.LazyFunction(lambda: {"days": "12"})


# ---- notifications ------------------------------------------------------------------------------

EMERGENCY_JUSTIFICATION = "Người này gọi đường dây nóng báo đang bị giữ tại bến xe, cần xác minh ngay nơi ở"
_EXAMPLE_PARAMS = {"officer": "kit.officer", "number": "92-2026-000001", "kind": "identity", "due": "2026-01-05"}


class NotificationFactory(DjangoModelFactory):
    """A notification of a registered kind (``kind``: break-glass by default) with every parameter the
    kind declares. ``notifications.services.notify`` also decides whether it is e-mailed; this writes
    the row only."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(OfficerFactory, role="supervisor")
    kind = "break_glass"
    params = factory.LazyAttribute(
        lambda o: {name: _EXAMPLE_PARAMS.get(name, "1") for name in kinds.get(o.kind).params}
    )
    link = "/notifications/"
    object_type = "case"
    object_id = factory.Sequence(str)


class UnreachedNoticeFactory(DjangoModelFactory):
    """A break-glass notice that found no supervisor anywhere up the tree."""

    class Meta:
        model = UnreachedNotice

    kind = "break_glass"
    params = factory.LazyFunction(lambda: {"officer": "kit.officer", "number": "92-2026-000001"})
    link = "/cases/"
    object_type = "case"
    object_id = factory.Sequence(str)
    roles = "supervisor"


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(OfficerFactory)
    kind = "verification_due"
    email = False


# ---- accounts -----------------------------------------------------------------------------------


class AuthenticatorDeviceFactory(DjangoModelFactory):
    """A confirmed authenticator app (its secret sealed, as enrolment makes it); the code it shows now
    is ``safereturn.testing.signin.current_code(device)``."""

    class Meta:
        model = AuthenticatorDevice

    user = factory.SubFactory(OfficerFactory)
    name = "authenticator"
    confirmed = True


class ApiTokenFactory(DjangoModelFactory):
    """An API token issued by ``ApiToken.issue`` (only its hash is stored); the token itself is ``.raw``."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(OfficerFactory)
    expires_at = None

    @classmethod
    def _create(cls, model_class, *, user, expires_at=None):
        token, raw = model_class.issue(user, expires_at=expires_at)
        token.raw = raw
        return token


# ---- cases --------------------------------------------------------------------------------------


class PersonFactory(DjangoModelFactory):
    """A woman with a synthetic Vietnamese name, as intake records her: the ID number's and phone's blind
    indexes beside them, and her name keys and search keys written after saving (as
    ``cases.services.persons.set_person_name_keys`` writes them)."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    full_name = factory.Faker("name_female", locale="vi_VN")
    other_names = ""
    sex = "female"
    date_of_birth = None
    birth_year = factory.LazyAttribute(lambda o: o.date_of_birth.year if o.date_of_birth else 1996)
    nationality = "VN"
    id_number = ""
    id_number_index = factory.LazyAttribute(lambda o: id_index(o.id_number))
    phone = ""
    phone_index = factory.LazyAttribute(lambda o: phone_index(o.phone))
    created_by_agency = factory.SubFactory(AgencyFactory, commune_level=True)

    @factory.post_generation
    def keys(person, create, extracted, **kwargs):
        if create:
            set_person_name_keys(person)


class PersonNameKeyFactory(DjangoModelFactory):
    """One more blind name key of a person (the person's own keys come with ``PersonFactory``)."""

    class Meta:
        model = PersonNameKey

    person = factory.SubFactory(PersonFactory)
    key = factory.Sequence(lambda n: blind_index("name", f"kit{n}"))
    birth_year = factory.SelfAttribute("person.birth_year")


class CaseFactory(DjangoModelFactory):
    """A case as intake leaves it: a person (``PersonFactory``), received an hour ago by a Cần Thơ ward
    committee (also responsible) in its commune, numbered from the province's gap-free sequence, the
    person's sex and age group copied; after saving, the receiving (and responsible) participations and
    the "case recorded" timeline event.

    It writes no audit event and asks the access policy nothing. For a test about intake, or one that
    wants the case exactly as an officer's intake makes it, use ``CaseFactory.through_intake(actor,
    ...)`` (the ``make_case`` fixture), which goes through ``cases.services.intake_record``."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    receiving_agency = factory.SubFactory(AgencyFactory, commune_level=True)
    responsible_agency = factory.SelfAttribute("receiving_agency")
    created_by = factory.SubFactory(
        OfficerFactory, role="intake_officer", agency=factory.SelfAttribute("..receiving_agency")
    )
    person = factory.SubFactory(PersonFactory, created_by_agency=factory.SelfAttribute("..receiving_agency"))
    channel = "self_return"
    received_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    province = factory.LazyAttribute(lambda o: o.receiving_agency.province or ProvinceFactory())
    commune = factory.LazyAttribute(lambda o: o.receiving_agency.commune)
    route = "domestic"
    destination_country = ""
    risk_level = "low"
    person_sex = factory.SelfAttribute("person.sex")
    age_group = factory.LazyAttribute(
        lambda o: case_services.age_group_for(
            o.person.date_of_birth, o.person.birth_year, timezone.localdate(o.received_at)
        )
    )
    number = factory.LazyAttribute(
        lambda o: case_services.next_case_number(o.province.code, timezone.localdate(o.received_at).year)
    )

    @factory.post_generation
    def participations(case, create, extracted, **kwargs):
        if not create:
            return
        CaseParticipant.objects.create(case=case, agency=case.receiving_agency, role=vocab.ParticipantRole.RECEIVER)
        if case.responsible_agency_id != case.receiving_agency_id:
            CaseParticipant.objects.create(
                case=case, agency=case.responsible_agency, role=vocab.ParticipantRole.RESPONSIBLE
            )

    @factory.post_generation
    def timeline(case, create, extracted, **kwargs):
        if create:
            acting = _acting(case.created_by, case.receiving_agency)
            CaseEvent.add(case, vocab.EventKind.CASE_CREATED, acting, channel=case.channel, number=case.number)

    @classmethod
    def through_intake(cls, actor, **fields):
        """The case ``actor`` records through ``cases.services.intake_record`` (see ``personas.record_case``)."""
        return record_case(actor, **fields)


class CaseParticipantFactory(DjangoModelFactory):
    """Another agency (a Cần Thơ health department) taking part in a case, as an assignee. Its
    jurisdiction flag and copies of the case's listed fields are written by the model's ``save``."""

    class Meta:
        model = CaseParticipant

    case = factory.SubFactory(CaseFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = vocab.ParticipantRole.ASSIGNEE


class ConsentFactory(DjangoModelFactory):
    """Consent to processing given today, recorded by the receiving officer. The service
    (``cases.services.consent_record``) also writes the timeline and audit events."""

    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    processing = True
    share_with = ""
    given_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SelfAttribute("case.created_by")
    recorded_by_agency = factory.SelfAttribute("case.receiving_agency")


class CaseEventFactory(DjangoModelFactory):
    """An event on a case's timeline by its receiving officer (kinds must be registered: "case updated"
    by default, with no field changed)."""

    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    kind = vocab.EventKind.CASE_UPDATED
    actor = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")
    data = factory.LazyFunction(lambda: {"fields": {}})


class CaseNoteFactory(DjangoModelFactory):
    """A general note by the receiving officer. ``cases.services.note_add`` also checks who may write
    the category and writes the timeline and audit events."""

    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    category = vocab.NoteCategory.GENERAL
    body = "Đã liên hệ gia đình."
    author = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")


class IntakeDraftFactory(DjangoModelFactory):
    """An intake draft of a Phú Lợi-style ward intake officer (a new commune agency), its first step
    answered: a synthetic name, the sex and the year of birth (kept encrypted, as intake keeps them)."""

    class Meta:
        model = IntakeDraft

    agency = factory.SubFactory(AgencyFactory, commune_level=True)
    owner = factory.SubFactory(OfficerFactory, role="intake_officer", agency=factory.SelfAttribute("..agency"))
    answers = factory.Sequence(lambda n: {"full_name": f"Nguyễn Thị Nháp {n}", "sex": "female", "birth_year": "2001"})
    step = 2


class CaseDocumentFactory(DjangoModelFactory):
    """A small PDF (``content``) sealed and stored as ``cases.documents.store_sealed`` stores uploads:
    it writes a file under ``MEDIA_ROOT``, so use it with the ``media`` fixture.
    ``cases.services.document_add`` also checks the upload and writes the timeline and audit events."""

    class Meta:
        model = CaseDocument

    class Params:
        content = PDF

    case = factory.SubFactory(CaseFactory)
    kind = vocab.DocumentKind.OTHER
    original_name = "Biên bản thử.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    storage_name = factory.LazyAttribute(lambda o: documents.store_sealed(o.content))
    uploaded_by = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")


class IdempotencyKeyFactory(DjangoModelFactory):
    """An intake's ``Idempotency-Key`` as ``core.idempotency.run_once`` remembers it: the case
    (``CaseFactory``) its officer created with the body ``payload``, answered 201. ``created_at`` in the
    past makes an expired key."""

    class Meta:
        model = IdempotencyKey
        exclude = ["case", "payload"]

    case = factory.SubFactory(CaseFactory)
    payload = factory.LazyFunction(dict)
    user = factory.SelfAttribute("case.created_by")
    scope = "cases:intake"
    key = factory.Faker("uuid4")
    fingerprint = factory.LazyAttribute(lambda o: fingerprint(o.payload))
    status_code = 201
    result_id = factory.LazyAttribute(lambda o: str(o.case.pk))


# ---- identification -----------------------------------------------------------------------------


class VerificationTaskFactory(DjangoModelFactory):
    """An identity check assigned to a Cần Thơ provincial police by the case's receiving agency, due as the
    deadline rule in force when the case was received says; after saving, the police's assignee
    participation (the access a task gives). ``through_service`` assigns it with
    ``identification.services.verification_task_create`` (competence checked, timeline, audit,
    notifications)."""

    class Meta:
        model = VerificationTask
        skip_postgeneration_save = True

    class Params:
        deadline = factory.LazyAttribute(
            lambda o: deadline_for(o.kind, start=o.start_date, rules_date=timezone.localdate(o.case.received_at))
        )

    case = factory.SubFactory(CaseFactory)
    kind = "identity"
    assignee_agency = factory.SubFactory(
        AgencyFactory, agency_type=factory.SubFactory(AgencyTypeFactory, code="province_police"), short_name="CAT"
    )
    requested_by_agency = factory.SelfAttribute("case.receiving_agency")
    created_by = factory.SelfAttribute("case.created_by")
    start_date = factory.LazyFunction(timezone.localdate)
    due_date = factory.LazyAttribute(lambda o: o.deadline[0])
    deadline_rule = factory.LazyAttribute(lambda o: o.deadline[1])

    @factory.post_generation
    def access(task, create, extracted, **kwargs):
        if create:
            CaseParticipant.objects.get_or_create(
                case=task.case, agency=task.assignee_agency, role=vocab.ParticipantRole.ASSIGNEE
            )

    @classmethod
    def through_service(cls, actor, case, **fields):
        fields.setdefault("kind", "identity")
        return identification_services.verification_task_create(actor=actor, case=case, **fields)


class EvidenceFactory(DjangoModelFactory):
    """A rescue report recorded today by the receiving officer (``identification.services.evidence_add``
    also checks the attachments and writes the timeline and audit events)."""

    class Meta:
        model = Evidence

    case = factory.SubFactory(CaseFactory)
    source = "rescuing_body"
    obtained_on = factory.LazyFunction(timezone.localdate)
    description = "Biên bản giải cứu"
    recorded_by = factory.SelfAttribute("case.created_by")
    recorded_by_agency = factory.SelfAttribute("case.receiving_agency")


class IdentificationDecisionFactory(DjangoModelFactory):
    """A victim confirmation signed today by a provincial police verifier, numbered from the agency's
    gap-free sequence for the year and kind, with its symbol ("01/GXNNN-CAT").

    The row alone does not move the case: ``identification.services.identification_decide`` checks
    the case's state and the agency's competence, records the basis and changes the status."""

    class Meta:
        model = IdentificationDecision

    case = factory.SubFactory(CaseFactory)
    kind = "victim"
    deciding_agency = factory.SubFactory(
        AgencyFactory, agency_type=factory.SubFactory(AgencyTypeFactory, code="province_police"), short_name="CAT"
    )
    decided_by = factory.SubFactory(OfficerFactory, role="verifier", agency=factory.SelfAttribute("..deciding_agency"))
    signer_name = factory.SelfAttribute("decided_by.full_name")
    decided_on = factory.LazyFunction(timezone.localdate)
    reason = "Đủ căn cứ xác định là nạn nhân"
    year = factory.SelfAttribute("decided_on.year")
    number = factory.LazyAttribute(lambda o: next_document_number(o.deciding_agency, o.year, o.kind))
    symbol = factory.LazyAttribute(lambda o: document_symbol(o.deciding_agency, o.kind))


# ---- access -------------------------------------------------------------------------------------


class BreakGlassGrantFactory(DjangoModelFactory):
    """Emergency access opened by a Đà Nẵng police verifier to a case, for an hour, waiting for review.
    The service (``through_service``: ``cases.services.emergency_access_ask``) applies the bounds of the
    rule in force, audits it and tells the supervisors and auditors."""

    class Meta:
        model = BreakGlassGrant

    agency = factory.SubFactory(
        AgencyFactory,
        agency_type=factory.SubFactory(AgencyTypeFactory, code="province_police"),
        province=factory.SubFactory(ProvinceFactory, code=48),
    )
    user = factory.SubFactory(OfficerFactory, role="verifier", agency=factory.SelfAttribute("..agency"))
    case = factory.SubFactory(CaseFactory)
    category = "danger_to_life"
    justification = EMERGENCY_JUSTIFICATION
    status = "granted"
    route = "within_bounds"
    granted_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.granted_at + datetime.timedelta(hours=1))
    review_due = factory.LazyAttribute(lambda o: timezone.localdate(o.granted_at) + datetime.timedelta(days=3))

    @classmethod
    def through_service(cls, actor, case, justification=None, category="danger_to_life"):
        return case_services.emergency_access_ask(
            actor=actor, case_id=case.pk, category=category, justification=justification or EMERGENCY_JUSTIFICATION
        )


class MatchRequestFactory(DjangoModelFactory):
    """A new case's receiving agency asks the agency holding another case of a likely same person to
    confirm (``cases.services.match_requests_open`` finds the candidates, notifies and audits)."""

    class Meta:
        model = MatchRequest

    case = factory.SubFactory(CaseFactory)
    candidate = factory.SubFactory(PersonFactory)
    score = 92
    asking_agency = factory.SelfAttribute("case.receiving_agency")
    asked_by = factory.SelfAttribute("case.created_by")
    holding_agency = factory.SubFactory(AgencyFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))


class MatchRequestRuleFactory(DjangoModelFactory):
    """Answering a match request: in force for one year in the 1900s (as ``DeadlineRuleFactory``)."""

    class Meta:
        model = MatchRequestRule

    answer_days = 3
    counting = "working_days"
    escalate_after_days = 2
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = "Law 53/2024/QH15"


class EmergencyAccessRuleFactory(DjangoModelFactory):
    """Break-glass bounds in force for one year in the 1900s (as ``DeadlineRuleFactory``)."""

    class Meta:
        model = EmergencyAccessRule

    access_minutes = 60
    daily_limit = 2
    minimum_words = 8
    review_days = 3
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = "Nghị định 13/2023/NĐ-CP"


# ---- tips and the commune register --------------------------------------------------------------


class TipFactory(DjangoModelFactory):
    """A tip from a family received two hours ago by a Cần Thơ hotline, numbered from the province's
    sequence ("TB-92-2026-000001"); after saving, the subject's name keys and the "received" event.
    ``through_service`` registers it with ``tips.services.tip_register`` (also audited)."""

    class Meta:
        model = Tip
        skip_postgeneration_save = True

    receiving_agency = factory.SubFactory(
        AgencyFactory, agency_type=factory.SubFactory(AgencyTypeFactory, code="hotline")
    )
    created_by = factory.SubFactory(
        OfficerFactory, role="intake_officer", agency=factory.SelfAttribute("..receiving_agency")
    )
    received_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    source = "family"
    suspected_pathway = "labour_export"
    province = factory.LazyAttribute(lambda o: o.receiving_agency.province or ProvinceFactory())
    commune = None
    summary = "Mẹ báo con gái đi làm ở nước ngoài qua môi giới, mất liên lạc từ tháng trước."
    reporter_name = "Trần Văn Bình"
    reporter_contact = "0912345678"
    subject_name = factory.Faker("name_female", locale="vi_VN")
    number = factory.LazyAttribute(
        lambda o: tip_services.next_tip_number(o.province.code, timezone.localdate(o.received_at).year)
    )

    @factory.post_generation
    def keys(tip, create, extracted, **kwargs):
        if create:
            write_name_keys(TipNameKey, owner_field="tip", owner=tip, names=[tip.subject_name])

    @factory.post_generation
    def timeline(tip, create, extracted, **kwargs):
        if create:
            acting = _acting(tip.created_by, tip.receiving_agency)
            TipEvent.add(
                tip, TipEventKind.REGISTERED, acting, number=tip.number, source=tip.source, priority=tip.priority
            )

    @classmethod
    def through_service(cls, actor, **fields):
        data = {
            "received_at": timezone.now() - datetime.timedelta(hours=2),
            "source": "family",
            "province_id": actor.agency.province_id or CAN_THO,
            "summary": "Mẹ báo con gái đi làm ở nước ngoài qua môi giới, mất liên lạc từ tháng trước.",
        } | fields
        return tip_services.tip_register(actor=actor, data=tip_services.TipData(**data))


class TipNameKeyFactory(DjangoModelFactory):
    """One more blind key of a tip's subject name (the subject's own keys come with ``TipFactory``)."""

    class Meta:
        model = TipNameKey

    tip = factory.SubFactory(TipFactory)
    key = factory.Sequence(lambda n: blind_index("name", f"kit{n}"))


class TipEventFactory(DjangoModelFactory):
    """The tip triaged as urgent by its receiving officer."""

    class Meta:
        model = TipEvent

    tip = factory.SubFactory(TipFactory)
    kind = TipEventKind.TRIAGED
    actor = factory.SelfAttribute("tip.created_by")
    agency = factory.SelfAttribute("tip.receiving_agency")
    data = factory.LazyFunction(lambda: {"priority": ["normal", "urgent"]})


class RegisterEntryFactory(DjangoModelFactory):
    """A woman at risk in Phú Lợi's register, recorded ten days ago by the ward committee, with her name
    keys. ``through_service`` adds it with ``tips.services.register_entry_add`` (scope checked, audited)."""

    class Meta:
        model = RegisterEntry
        skip_postgeneration_save = True

    commune = factory.SubFactory(CommuneFactory)
    province = factory.SelfAttribute("commune.province")
    category = "at_risk"
    full_name = factory.Faker("name_female", locale="vi_VN")
    birth_year = 2006
    sex = "female"
    since = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    recording_agency = factory.SubFactory(AgencyFactory, commune_level=True, commune=factory.SelfAttribute("..commune"))
    created_by = factory.SubFactory(
        OfficerFactory, role="case_worker", agency=factory.SelfAttribute("..recording_agency")
    )

    @factory.post_generation
    def keys(entry, create, extracted, **kwargs):
        if create:
            write_name_keys(RegisterEntryNameKey, owner_field="entry", owner=entry, names=[entry.full_name])

    @classmethod
    def through_service(cls, actor, **fields):
        data = {
            "commune_id": actor.agency.commune_id or PHU_LOI,
            "category": "at_risk",
            "full_name": "Lò Văn Sáng",
            "since": timezone.localdate() - datetime.timedelta(days=10),
        } | fields
        return tip_services.register_entry_add(actor=actor, data=tip_services.RegisterEntryData(**data))


class RegisterEntryNameKeyFactory(DjangoModelFactory):
    class Meta:
        model = RegisterEntryNameKey

    entry = factory.SubFactory(RegisterEntryFactory)
    key = factory.Sequence(lambda n: blind_index("name", f"kit{n}"))


# ---- support ------------------------------------------------------------------------------------


def _a_day_in_the_1900s(n):
    return datetime.date(1900 + n % 100, 1, 1)


class SupportRegimeFactory(DjangoModelFactory):
    """A regime in force for one year in the 1900s (a new year for each row), overlapping no seeded row."""

    class Meta:
        model = SupportRegime

    code = "essential_needs"
    side = "old"
    name_vi = "Hỗ trợ nhu cầu thiết yếu"
    name_en = "Essential needs"
    statuses = "victim"
    effective_from = factory.Sequence(_a_day_in_the_1900s)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


# ---- protection ---------------------------------------------------------------------------------


def _rule_on(model, on_date, **filters):
    return in_force(model, on_date).filter(**filters).first()


class ProtectionMeasureTypeFactory(DjangoModelFactory):
    """A measure of the vocabulary for one year in the 1900s (as ``DeadlineRuleFactory``): the seeded
    rows (Decree 62/2012 Art. 7, Decree 162/2025) are what cases use."""

    class Meta:
        model = ProtectionMeasureType

    code = factory.Sequence(lambda n: f"measure_{n}")
    name_vi = factory.Sequence(lambda n: f"Biện pháp thử {n}")
    name_en = factory.Sequence(lambda n: f"Test measure {n}")
    protects = "victim,relative,accompanying_child,helper"
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = "Nghị định số 162/2025/NĐ-CP"


class ProtectionTimingFactory(DjangoModelFactory):
    """Alert and review timing for one year in the 1900s (the seeded row is in force from 2012)."""

    class Meta:
        model = ProtectionTiming

    acknowledge_minutes = 30
    escalate_after_minutes = 120
    measure_review_days = 30
    risk_review_days = 30
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class EntitlementItemFactory(DjangoModelFactory):
    """Food per day for at most 120 days, for one year in the 1900s (as ``SupportRegimeFactory``)."""

    class Meta:
        model = EntitlementItem

    code = "food"
    regime_code = "essential_needs"
    side = "old"
    name_vi = "Tiền ăn"
    name_en = "Food"
    unit = "day"
    duration_cap = 120
    cap_unit = "day"
    effective_from = factory.Sequence(_a_day_in_the_1900s)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class SupportRateFactory(DjangoModelFactory):
    """The national food rate for one year in the 1900s (as ``SupportRegimeFactory``)."""

    class Meta:
        model = SupportRate

    item_code = "food"
    side = "old"
    amount = 50_000
    effective_from = factory.Sequence(_a_day_in_the_1900s)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class SupportDecisionFactory(DjangoModelFactory):
    """A supervisor of the case's receiving agency extends essential needs by 30 days today
    (``support.services.decision_record`` also checks who decides and writes the timeline and audit)."""

    class Meta:
        model = SupportDecision

    case = factory.SubFactory(CaseFactory)
    kind = "extend_cap"
    item_code = "food"
    extra_units = 30
    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    decided_on = factory.LazyFunction(timezone.localdate)
    signer_name = "Nguyễn Văn An"
    signer_title = "Chủ tịch"
    reason = "Cần thêm thời gian hỗ trợ"
    agency = factory.SelfAttribute("case.receiving_agency")
    decided_by = factory.SubFactory(OfficerFactory, role="supervisor", agency=factory.SelfAttribute("..agency"))


def _seeded_item(code, side):
    """The seeded item (``support.seed``), loading the support rule rows first where the test database was
    built from the models without them."""
    if not EntitlementItem.objects.filter(code=code, side=side).exists():
        support_seed.load(SupportRegime, EntitlementItem, SupportRate, Province)
    return EntitlementItem.objects.get(code=code, side=side)


class SupportRecordFactory(DjangoModelFactory):
    """Ten days of food given by the case's receiving agency, at the seeded national rate of the new law
    (``support.services.record_add`` checks the entitlement, caps and approval; this row does not)."""

    class Meta:
        model = SupportRecord

    case = factory.SubFactory(CaseFactory)
    item = factory.LazyFunction(lambda: _seeded_item("food", "new"))
    item_code = factory.SelfAttribute("item.code")
    regime_code = factory.SelfAttribute("item.regime_code")
    provider_kind = "agency"
    provider_agency = factory.SelfAttribute("case.receiving_agency")
    date_from = factory.LazyAttribute(lambda o: timezone.localdate(o.case.received_at))
    date_to = factory.LazyAttribute(lambda o: o.date_from + datetime.timedelta(days=9))
    quantity = 10
    unit_rate = 70_000
    amount = factory.LazyAttribute(lambda o: o.quantity * o.unit_rate)
    amount_in_words = factory.LazyAttribute(lambda o: amount_in_words_vnd(o.amount))
    funding_source = "state_budget"
    status = "recorded"
    recording_agency = factory.SelfAttribute("case.receiving_agency")
    recorded_by = factory.SelfAttribute("case.created_by")


class SpendingMonthFactory(DjangoModelFactory):
    """One month of an agency's support spending in one regime (``support.services`` keep these as records
    start to count; this row is written as it is)."""

    class Meta:
        model = SpendingMonth

    agency = factory.SubFactory(AgencyFactory)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    regime_code = "essential_needs"
    total = 700_000
    records = 1


class RiskAssessmentFactory(DjangoModelFactory):
    """A high risk from the traffickers, assessed today by the case's receiving officer, reviewed in 30
    days (``protection.services.risk_assess`` also closes the last one and writes timeline and audit)."""

    class Meta:
        model = RiskAssessment

    case = factory.SubFactory(CaseFactory)
    assessed_on = factory.LazyFunction(timezone.localdate)
    level = "high"
    codes = "traffickers,retrafficking"
    narrative = "Kẻ môi giới gọi điện đe dọa gia đình"
    review_date = factory.LazyAttribute(lambda o: o.assessed_on + datetime.timedelta(days=30))
    assessor = factory.SelfAttribute("case.created_by")
    assessor_agency = factory.SelfAttribute("case.receiving_agency")


class ProtectionMeasureFactory(DjangoModelFactory):
    """Restricted contact for the victim, in force from today, decided by the receiving agency, reviewed
    in 30 days (``protection.services.measure_record`` checks the vocabulary and the dates)."""

    class Meta:
        model = ProtectionMeasure

    case = factory.SubFactory(CaseFactory)
    measure_type = factory.LazyAttribute(
        lambda o: _rule_on(ProtectionMeasureType, timezone.localdate(o.case.received_at), code="restrict_contact")
    )
    protects = "victim"
    requested_by_agency = factory.SelfAttribute("case.receiving_agency")
    deciding_agency = factory.SelfAttribute("case.receiving_agency")
    deciding_official = "Trần Văn Bình, Phó Giám đốc"
    decided_on = factory.LazyFunction(timezone.localdate)
    start_date = factory.LazyFunction(timezone.localdate)
    review_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=30))
    recorded_by = factory.SelfAttribute("case.created_by")
    recorded_by_agency = factory.SelfAttribute("case.receiving_agency")


class MeasureReviewFactory(DjangoModelFactory):
    """The measure reviewed today by the officer who recorded it: it continues 30 days more
    (``protection.services.measure_review`` checks the dates and moves the measure's own review date)."""

    class Meta:
        model = MeasureReview

    measure = factory.SubFactory(ProtectionMeasureFactory)
    reviewed_on = factory.LazyFunction(timezone.localdate)
    outcome = "continue"
    note = "Người lạ không gọi lại; tiếp tục hạn chế tiếp xúc."
    next_review_date = factory.LazyAttribute(lambda o: o.reviewed_on + datetime.timedelta(days=30))
    reviewed_by = factory.SelfAttribute("measure.recorded_by")
    reviewed_by_agency = factory.SelfAttribute("measure.recorded_by_agency")


class DangerAlertFactory(DjangoModelFactory):
    """An open alert raised now by the case's receiving officer, not yet sent to anyone
    (``protection.services.alert_raise`` finds the police and border guard and notifies them)."""

    class Meta:
        model = DangerAlert

    case = factory.SubFactory(CaseFactory)
    description = "Một người tự xưng là anh họ gọi điện hỏi chỗ ở"
    raised_by = factory.SelfAttribute("case.created_by")
    raised_by_agency = factory.SelfAttribute("case.receiving_agency")
    raised_at = factory.LazyFunction(timezone.now)
    timing = factory.LazyAttribute(lambda o: _rule_on(ProtectionTiming, timezone.localdate(o.raised_at)))
    acknowledge_by = factory.LazyAttribute(lambda o: o.raised_at + datetime.timedelta(minutes=30))
    escalate_at = factory.LazyAttribute(lambda o: o.raised_at + datetime.timedelta(minutes=120))


# ---- shelters ------------------------------------------------------------------------------------


def _shelter():
    return factory.SubFactory(
        AgencyFactory,
        agency_type=factory.SubFactory(AgencyTypeFactory, code="social_support_facility"),
        short_name="TTCTXH",
    )


class FacilityPlacesFactory(DjangoModelFactory):
    """Ten places for women and girls at a provincial social support centre."""

    class Meta:
        model = FacilityPlaces

    facility = _shelter()
    group = "women"
    places = 10


class StayCapRuleFactory(DjangoModelFactory):
    """A stay cap version before 2012 (the seeded ones start then)."""

    class Meta:
        model = StayCapRule

    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    length = 120
    unit = "days"
    warn_days = 14
    citation_document = "Decree 162/2025/NĐ-CP"


class OverCapacityDecisionFactory(DjangoModelFactory):
    """A facility supervisor's decision that a case's person may be admitted to the full women's group."""

    class Meta:
        model = OverCapacityDecision

    case = factory.SubFactory(CaseFactory)
    facility = _shelter()
    group = "women"
    reason = "Nạn nhân cần nơi ở an toàn ngay"
    decided_by = factory.SubFactory(UserFactory)


class StayFactory(DjangoModelFactory):
    """A woman's current stay, admitted today, under the cap rule in force today (seeded)."""

    class Meta:
        model = Stay

    case = factory.SubFactory(CaseFactory)
    facility = _shelter()
    group = "women"
    admitted_on = factory.LazyFunction(timezone.localdate)
    admitted_by = factory.SubFactory(UserFactory)
    cap_rule = factory.LazyAttribute(lambda o: rule_in_force(StayCapRule, o.admitted_on))
    allowed_until = factory.LazyAttribute(lambda o: o.admitted_on + datetime.timedelta(days=119))


class StayExtensionFactory(DjangoModelFactory):
    """The director's decision adding thirty days to a stay."""

    class Meta:
        model = StayExtension

    stay = factory.SubFactory(StayFactory)
    previous_end = factory.SelfAttribute("stay.allowed_until")
    new_end = factory.LazyAttribute(lambda o: o.previous_end + datetime.timedelta(days=30))
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-TTCTXH")
    decided_on = factory.LazyFunction(timezone.localdate)
    reason = "Chưa có nơi ở an toàn để trở về"
    decided_by = factory.SubFactory(UserFactory)


# ---- reintegration ------------------------------------------------------------------------------


class PlanReviewRuleFactory(DjangoModelFactory):
    """A version of the plan review interval in force for one year in the 1900s (as ``DeadlineRuleFactory``)."""

    class Meta:
        model = PlanReviewRule

    interval_days = 90
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class FollowUpVisitRuleFactory(DjangoModelFactory):
    """The first follow-up visit a month after the return, for one year in the 1900s."""

    class Meta:
        model = FollowUpVisitRule

    sequence = 1
    months_after_return = 1
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class NeedsAssessmentFactory(DjangoModelFactory):
    """A needs assessment made today by the receiving officer, in the person's words, nothing restricted
    answered (``reintegration.services.needs_assess`` checks who may answer health questions)."""

    class Meta:
        model = NeedsAssessment

    case = factory.SubFactory(CaseFactory)
    assessed_on = factory.LazyFunction(timezone.localdate)
    assessor = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")
    age_group = factory.SelfAttribute("case.age_group")
    sex = factory.SelfAttribute("case.person_sex")
    wishes = "Muốn về nhà và học nghề"
    safety = "some"


class SupportPlanFactory(DjangoModelFactory):
    """A plan in progress from today, owned by the receiving agency, reviewed on the seeded interval
    (``reintegration.services.plan_create`` also checks the child's wishes and writes the timeline)."""

    class Meta:
        model = SupportPlan

    case = factory.SubFactory(CaseFactory)
    goals = "Học nghề, vay vốn"
    owner_agency = factory.SelfAttribute("case.receiving_agency")
    starts_on = factory.LazyFunction(timezone.localdate)
    review_rule = factory.LazyAttribute(lambda o: rule_in_force(PlanReviewRule, o.starts_on))
    next_review_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=o.review_rule.interval_days))
    created_by = factory.SelfAttribute("case.created_by")


class PlannedServiceFactory(DjangoModelFactory):
    """Vocational training planned for a month from now, owned by the plan's agency."""

    class Meta:
        model = PlannedService

    plan = factory.SubFactory(SupportPlanFactory)
    case = factory.SelfAttribute("plan.case")
    service_type = "vocational"
    owner_agency = factory.SelfAttribute("plan.owner_agency")
    target_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class PlanReviewFactory(DjangoModelFactory):
    class Meta:
        model = PlanReview

    plan = factory.SubFactory(SupportPlanFactory)
    case = factory.SelfAttribute("plan.case")
    reviewed_on = factory.LazyFunction(timezone.localdate)
    reviewer = factory.SelfAttribute("plan.created_by")
    agency = factory.SelfAttribute("plan.owner_agency")
    notes = "Tiến triển tốt"


class ChildEscortFactory(DjangoModelFactory):
    """A child escorted home today to her grandmother, papers checked (the factory does not check the
    case is a child's: ``reintegration.services.escort_record`` does)."""

    class Meta:
        model = ChildEscort

    case = factory.SubFactory(CaseFactory)
    escorted_on = factory.LazyFunction(timezone.localdate)
    destination = "guardian"
    officer = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")
    receiver_name = "Hồ Thị Lan"
    receiver_relationship = "grandparent"
    receiver_id_checked = True


class FamilyContactFactory(DjangoModelFactory):
    class Meta:
        model = FamilyContact

    case = factory.SubFactory(CaseFactory)
    contacted_on = factory.LazyFunction(timezone.localdate)
    method = "phone"
    outcome = "ready"
    officer = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")


class CommunityReturnFactory(DjangoModelFactory):
    """A return home today, followed up by the receiving agency (``reintegration.services.return_record``
    also schedules the first visit)."""

    class Meta:
        model = CommunityReturn

    case = factory.SubFactory(CaseFactory)
    returned_on = factory.LazyFunction(timezone.localdate)
    place = "family"
    follow_up_agency = factory.SelfAttribute("case.receiving_agency")
    recorded_by = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")


class FollowUpVisitFactory(DjangoModelFactory):
    """The first follow-up visit of a return, due as the seeded schedule says."""

    class Meta:
        model = FollowUpVisit

    community_return = factory.SubFactory(CommunityReturnFactory)
    case = factory.SelfAttribute("community_return.case")
    sequence = 1
    rule = factory.LazyAttribute(
        lambda o: rule_in_force(FollowUpVisitRule, o.community_return.returned_on, sequence=o.sequence)
    )
    due_on = factory.LazyAttribute(lambda o: add_months(o.community_return.returned_on, o.rule.months_after_return))
    agency = factory.SelfAttribute("community_return.follow_up_agency")


class ReintegrationAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = ReintegrationAssessment

    case = factory.SubFactory(CaseFactory)
    assessed_on = factory.LazyFunction(timezone.localdate)
    assessor = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")
    safety = 3
    income = 2
    housing = 4
    health = None  # a medical record: the case's receiving agency (a commune) does not score it
    family = 4
    community = 3
    level = "progressing"
    recommendation = "continue"


class RetraffickingLinkFactory(DjangoModelFactory):
    """A case linked to a later case of the same person (a second case of the same ward): the earlier
    case's row (``reintegration.services.retrafficking_flag`` writes the later case's row too)."""

    class Meta:
        model = RetraffickingLink

    case = factory.SubFactory(CaseFactory)
    direction = "later"
    other_case = factory.SubFactory(
        CaseFactory,
        person=factory.SelfAttribute("..case.person"),
        receiving_agency=factory.SelfAttribute("..case.receiving_agency"),
    )
    flagged_on = factory.LazyFunction(timezone.localdate)
    flagged_by = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")


class CaseClosureFactory(DjangoModelFactory):
    """A closure (reintegrated) with its reason note, nothing open. The row alone does not close the
    case: ``identification.services.case_transition`` does, and writes this row."""

    class Meta:
        model = CaseClosure

    case = factory.SubFactory(CaseFactory)
    reason = "reintegrated"
    note = factory.SubFactory(CaseNoteFactory, case=factory.SelfAttribute("..case"))
    closed_by = factory.SelfAttribute("case.created_by")
    agency = factory.SelfAttribute("case.receiving_agency")


# ---- referrals ------------------------------------------------------------------------------------


class ReferralResponseRuleFactory(DjangoModelFactory):
    """Three working days to answer, for one year in the 1900s (as ``DeadlineRuleFactory``)."""

    class Meta:
        model = ReferralResponseRule

    answer_days = 3
    counting = "working_days"
    remind_days_before = 1
    escalate_days_after = 2
    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    citation_document = CITATION


class ReferralFactory(DjangoModelFactory):
    """A draft referral of a case's person by its receiving agency to a provincial legal-aid centre,
    basic facts only, following the person's wish. Nothing is shared until it is sent
    (``referrals.services.referral_act``), which goes through the sharing gate."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    kind = "legal_aid"
    sending_agency = factory.SelfAttribute("case.receiving_agency")
    recipient_agency = factory.SubFactory(AgencyFactory, agency_type__code="legal_aid_centre")
    sections = "|basic|"
    wish = "return_home"
    created_by = factory.SelfAttribute("case.created_by")


# ---- coordination ---------------------------------------------------------------------------------


class MeetingFactory(DjangoModelFactory):
    """A joint reception at a border gate of Cần Thơ, held today, recorded by the border guard's officer;
    the border guard and the province's health department take part."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = "joint_reception"
    held_on = factory.LazyFunction(timezone.localdate)
    organiser = factory.SubFactory(
        AgencyFactory, agency_type=factory.SubFactory(AgencyTypeFactory, code="border_guard"), short_name="BĐBP"
    )
    province = factory.SelfAttribute("organiser.province")
    place = "Cửa khẩu cảng Cần Thơ"
    purpose = "Tiếp nhận công dân trở về qua cửa khẩu"
    minutes = "Thống nhất phân công tiếp nhận và xác minh."
    decisions = "Sở Y tế xác minh trong 7 ngày."
    recorded_by = factory.SubFactory(OfficerFactory, role="intake_officer", agency=factory.SelfAttribute("..organiser"))

    @factory.post_generation
    def agencies(meeting, create, extracted, **kwargs):
        if create:
            meeting.agencies.set(extracted or [meeting.organiser, AgencyFactory(province=meeting.province)])


class ActionItemFactory(DjangoModelFactory):
    """An open action item of a meeting, owned by the meeting's organiser, due in a week."""

    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = "Liên hệ Sở Y tế để xác minh nhân thân"
    owner_agency = factory.SelfAttribute("meeting.organiser")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class ActionReminderRuleFactory(DjangoModelFactory):
    """A reminder lead time before 2012 (the seeded one starts in 2025)."""

    class Meta:
        model = ActionReminderRule

    effective_from = factory.Sequence(_a_year_before_the_seeded_rules)
    effective_to = factory.LazyAttribute(lambda o: o.effective_from.replace(month=12, day=31))
    lead_days = 3
    citation_document = "To confirm"


# ---- the index ----------------------------------------------------------------------------------

FACTORIES = {
    factory_class._meta.model: factory_class
    for factory_class in list(globals().values())
    if isinstance(factory_class, type)
    and issubclass(factory_class, DjangoModelFactory)
    and factory_class is not DjangoModelFactory
    and factory_class is not OfficerFactory  # a user with a membership: UserFactory is the User factory
}


def project_models():
    """Every concrete model of the project's apps (``safereturn.*``)."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("safereturn.") and not model._meta.abstract and not model._meta.proxy
    ]


def factory_for(model):
    """The factory of ``model`` (a model class or ``"app_label.Model"``)."""
    if isinstance(model, str):
        model = apps.get_model(model)
    return FACTORIES[model]
