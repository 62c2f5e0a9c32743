"""Named officers the tests keep meeting, each made with their agency and membership, and the helpers
that make agencies, officers, actors and cases the way the application does.

The cast lives in Cần Thơ (province 92) around the Phú Lợi ward committee (commune 31510), with the
city's police, health department, a hospital and the tip hotline, and in Đà Nẵng (province 48), the
province "elsewhere". Names end in "(thử)" (test) and usernames start with "kit.", so they never meet
the demo directory that ``seed_demo`` writes.

A ``Personas`` makes an agency or officer the first time a test asks for it and remembers it, so a
test pays only for the people it meets. Who is told of something (notifications go to the officers
an agency has, else up the tree) depends on who exists: a test about that builds its cast first
with ``build(...)``.
"""

import dataclasses
import datetime
import itertools

from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.cases import services as case_services
from safereturn.directory.models import Agency, AgencyType, Membership, User
from safereturn.directory.services import membership_grant
from safereturn.geo.models import Commune

CAN_THO, DA_NANG = 92, 48
PHU_LOI = 31510  # Phường Phú Lợi, Cần Thơ
PASSWORD = "correct horse battery staple"  # noqa: S105 - test officers only

_serial = itertools.count(1)


# ---- agencies, officers, actors ---------------------------------------------------------------


def new_agency(type_code="health_department", level="province", province_code=None, commune_code=None, **fields):
    """An agency of ``type_code`` (reference agency types are loaded with the test database).

    A commune agency sits in ``commune_code`` (default: the first commune of the province by code); the
    province is the commune's, else ``province_code`` (default Cần Thơ); a national agency has neither.
    ``fields`` are the model's (``name``, ``short_name``, ``parent``, ``is_active``...)."""
    commune = Commune.objects.get(code=commune_code) if commune_code else None
    province_code = province_code or (commune.province_id if commune else CAN_THO)
    if level == "commune" and commune is None:
        commune = Commune.objects.filter(province_id=province_code).order_by("code").first()
    fields.setdefault("name", f"Cơ quan thử {next(_serial)} ({type_code})")
    return Agency.objects.create(
        agency_type=AgencyType.objects.get(code=type_code),
        jurisdiction_level=level,
        province_id=None if level == "national" else province_code,
        commune=commune,
        **fields,
    )


def new_officer(role="case_worker", agency=None, password=PASSWORD, **fields):
    """A user with ``password`` and one membership, ``role`` in ``agency`` (a new provincial health
    department if none), granted through ``directory.services.membership_grant`` as an administrator
    would (audited, admin access kept in step)."""
    n = next(_serial)
    agency = agency or new_agency()
    fields.setdefault("username", f"kit.officer{n}")
    fields.setdefault("full_name", f"Cán bộ thử {n}")
    fields.setdefault("email", f"{fields['username']}@example.org")
    user = User.objects.create_user(password=password, **fields)
    membership_grant(user=user, agency=agency, role=role)
    return user


def actor_of(user, *, agency=None, role=None):
    """The ``access.policy.Actor`` for the user's active membership: the first in the order a page
    offers them (agency name, then role), or the one in ``agency`` and/or with ``role``.

    Read afresh each call (an agency changed in the test is seen). A membership in a closed agency
    still makes an actor, so a test can show that such an actor reaches nothing."""
    memberships = Membership.objects.filter(user=user, is_active=True).select_related(
        "agency__agency_type", "agency__province", "agency__commune"
    )
    if agency is not None:
        memberships = memberships.filter(agency=agency)
    if role is not None:
        memberships = memberships.filter(role=role)
    membership = memberships.first()
    if membership is None:
        raise LookupError(f"{user} has no active membership" + (f" as {role}" if role else ""))
    return Actor(user, membership)


# ---- cases ------------------------------------------------------------------------------------

_PERSON_FIELDS = {f.name for f in dataclasses.fields(case_services.PersonData)}
_INTAKE_FIELDS = {f.name for f in dataclasses.fields(case_services.IntakeData)} - {"person"}


def record_case(actor, *, person=None, **fields):
    """Open a case as an intake officer does, through ``cases.services.intake_record``: the person with
    their name keys, the case number from the province's sequence, the receiving participation, the
    timeline and the audit event, in one transaction. Returns the case.

    Each keyword is a field of ``PersonData`` (``full_name``, ``sex``, ``birth_year``, ``id_number``...)
    or of ``IntakeData`` (``channel``, ``received_at``, ``province_id``, ``commune_id``, ``route``...);
    ``person`` may instead be a whole ``PersonData``. Defaults: Hà Thị Nhung, a woman born in 1994, who
    came back on her own (domestic route, low risk) an hour ago, in the province and commune of the
    actor's agency (Cần Thơ for a national one)."""
    unknown = set(fields) - _PERSON_FIELDS - _INTAKE_FIELDS
    if unknown:
        raise TypeError(f"record_case() got unknown fields {sorted(unknown)}")
    if person is None:
        given = {name: value for name, value in fields.items() if name in _PERSON_FIELDS}
        defaults = {"full_name": "Hà Thị Nhung", "sex": "female"}
        if "date_of_birth" not in given:
            defaults["birth_year"] = 1994
        person = case_services.PersonData(**(defaults | given))
    elif set(fields) & _PERSON_FIELDS:
        raise TypeError("record_case() takes either person= or the person's fields, not both")
    agency = actor.agency
    data = {
        "channel": "self_return",
        "received_at": timezone.now() - datetime.timedelta(hours=1),
        "province_id": agency.province_id or CAN_THO,
        "commune_id": agency.commune_id,
        "route": "domestic",
        "risk_level": "low",
    } | {name: value for name, value in fields.items() if name in _INTAKE_FIELDS}
    return case_services.intake_record(actor=actor, data=case_services.IntakeData(person=person, **data))


# ---- the cast ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AgencySpec:
    type_code: str
    level: str
    province_code: int
    commune_code: int | None
    name: str
    short_name: str

    def __set_name__(self, owner, attribute):
        object.__setattr__(self, "attribute", attribute)

    def __get__(self, personas, owner=None):
        if personas is None:
            return self
        return personas._made_or_make(self.attribute, self.make)

    def make(self, personas):
        return new_agency(
            self.type_code,
            level=self.level,
            province_code=self.province_code,
            commune_code=self.commune_code,
            name=self.name,
            short_name=self.short_name,
        )


@dataclasses.dataclass(frozen=True)
class OfficerSpec:
    role: str
    agency: str
    full_name: str

    def __set_name__(self, owner, attribute):
        object.__setattr__(self, "attribute", attribute)

    def __get__(self, personas, owner=None):
        if personas is None:
            return self
        return personas._made_or_make(self.attribute, self.make)

    def make(self, personas):
        return new_officer(
            self.role,
            agency=getattr(personas, self.agency),
            username=f"kit.{self.attribute}",
            full_name=self.full_name,
        )


class Personas:
    """The cast: ``personas.police_verifier`` is the user, ``personas.police`` the agency,
    ``personas.actor("police_verifier")`` the ``Actor``. Each is made on first use (with its agency)
    and remembered; every officer's password is ``PASSWORD``."""

    # Cần Thơ (92)
    commune = AgencySpec(
        "commune_committee", "commune", CAN_THO, PHU_LOI, "Ủy ban nhân dân Phường Phú Lợi (thử)", "UBND"
    )
    police = AgencySpec("province_police", "province", CAN_THO, None, "Công an thành phố Cần Thơ (thử)", "CAT")
    health = AgencySpec("health_department", "province", CAN_THO, None, "Sở Y tế thành phố Cần Thơ (thử)", "SYT")
    facility = AgencySpec("health_facility", "province", CAN_THO, None, "Bệnh viện Đa khoa Cần Thơ (thử)", "BVĐK")
    hotline = AgencySpec("hotline", "province", CAN_THO, None, "Đường dây nóng Cần Thơ (thử)", "ĐDN")
    # Đà Nẵng (48): an agency of another province
    other_police = AgencySpec("province_police", "province", DA_NANG, None, "Công an thành phố Đà Nẵng (thử)", "CATDN")

    intake = OfficerSpec("intake_officer", "commune", "Cán bộ tiếp nhận phường (thử)")
    commune_case_worker = OfficerSpec("case_worker", "commune", "Cán bộ xã hội phường (thử)")
    commune_supervisor = OfficerSpec("supervisor", "commune", "Lãnh đạo UBND phường (thử)")
    police_verifier = OfficerSpec("verifier", "police", "Cán bộ xác minh công an (thử)")
    police_supervisor = OfficerSpec("supervisor", "police", "Lãnh đạo công an thành phố (thử)")
    health_supervisor = OfficerSpec("supervisor", "health", "Lãnh đạo Sở Y tế (thử)")
    health_case_worker = OfficerSpec("case_worker", "health", "Cán bộ xã hội Sở Y tế (thử)")
    reporting = OfficerSpec("reporting_officer", "health", "Cán bộ thống kê Sở Y tế (thử)")
    auditor = OfficerSpec("auditor", "health", "Cán bộ thanh tra Sở Y tế (thử)")
    hotline_intake = OfficerSpec("intake_officer", "hotline", "Tổng đài viên đường dây nóng (thử)")
    other_verifier = OfficerSpec("verifier", "other_police", "Cán bộ xác minh công an Đà Nẵng (thử)")
    other_case_worker = OfficerSpec("case_worker", "other_police", "Cán bộ công an Đà Nẵng (thử)")
    other_supervisor = OfficerSpec("supervisor", "other_police", "Lãnh đạo công an Đà Nẵng (thử)")

    def __init__(self):
        self._made = {}

    @classmethod
    def agency_names(cls):
        return [name for name, value in vars(cls).items() if isinstance(value, AgencySpec)]

    @classmethod
    def officer_names(cls):
        return [name for name, value in vars(cls).items() if isinstance(value, OfficerSpec)]

    def _made_or_make(self, name, make):
        if name not in self._made:
            self._made[name] = make(self)
        return self._made[name]

    def build(self, *names):
        """Make these agencies and officers now (every one when no name is given); returns self."""
        for name in names or [*self.agency_names(), *self.officer_names()]:
            if name not in self.agency_names() + self.officer_names():
                raise AttributeError(f"no persona named {name!r}")
            getattr(self, name)
        return self

    def officer(self, name):
        """The officer named ``name`` (a persona's name, e.g. "police_verifier")."""
        if name not in self.officer_names():
            raise AttributeError(f"no officer persona named {name!r}; there are {self.officer_names()}")
        return getattr(self, name)

    def actor(self, name):
        """The ``Actor`` of the officer named ``name``, in their agency and role (read afresh)."""
        return actor_of(self.officer(name))

    def made(self):
        """The names made so far, in the order they were made."""
        return list(self._made)
