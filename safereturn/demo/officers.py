"""Demo agencies and officers for four provinces (invented people; real administrative units).

Used by ``seed_demo``; deterministic for a given seed and safe to run again.
"""

import json
import os
import random
from pathlib import Path

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from faker import Faker

from safereturn.directory.models import Agency, AgencyType, FacilityService, FocalPoint, Membership, Role, User
from safereturn.directory.services import membership_grant
from safereturn.geo.models import Commune, Province

DEMO_PASSWORD = "Demo@SafeReturn2026"  # noqa: S105 - printed for the demo; never used outside demo mode

R = Role
PROVINCIAL_AGENCIES = [
    # (key, agency type, name pattern, symbol, roles)
    (
        "syt",
        "health_department",
        "Sở Y tế {p}",
        "SYT",
        [R.SUPERVISOR, R.CASE_WORKER, R.REPORTING_OFFICER, R.PROGRAMME_OFFICER, R.AUDITOR, R.SYSTEM_ADMIN],
    ),
    ("ca", "province_police", "Công an {p}", "CA", [R.VERIFIER, R.SUPERVISOR, R.INTAKE_OFFICER, R.REPORTING_OFFICER]),
    ("bdbp", "border_guard", "Bộ Chỉ huy Bộ đội Biên phòng {p}", "BCH", [R.INTAKE_OFFICER, R.VERIFIER, R.SUPERVISOR]),
    ("ttctxh", "social_support_facility", "Trung tâm Công tác xã hội {p}", "TTCTXH", [R.CASE_WORKER, R.SUPERVISOR]),
    ("tgpl", "legal_aid_centre", "Trung tâm Trợ giúp pháp lý nhà nước {p}", "TGPL", [R.CASE_WORKER]),
    ("snv", "foreign_affairs", "Sở Ngoại vụ {p}", "SNV", [R.VERIFIER]),
    ("hlhpn", "womens_union", "Hội Liên hiệp Phụ nữ {p}", "HLHPN", [R.PROGRAMME_OFFICER]),
]
COMMUNE_AGENCIES = [
    (
        "ubnd",
        "commune_committee",
        "Ủy ban nhân dân {c}",
        "UBND",
        [R.INTAKE_OFFICER, R.CASE_WORKER, R.REPORTING_OFFICER],
    ),
    ("ca", "commune_police", "Công an {c}", "CAX", [R.INTAKE_OFFICER, R.VERIFIER]),
]
# Province code → (short key, communes by official code). Cần Thơ includes former Sóc Trăng
# (Phường Phú Lợi); Đà Nẵng includes former Quảng Nam (Xã Tây Giang, near the Lao border);
# Đồng Tháp's Xã Tân Hồng is on the Cambodian border.
DEMO_PROVINCES = {
    92: ("ct", [31510, 31135]),
    48: ("dn", [20242, 20455]),
    31: ("hp", [11311, 10525]),
    82: ("dt", [29926, 29869]),
}
# The other bodies the scenarios need in every demo province (SCENARIOS.md): the police's immigration
# office (nationality checks), a border guard post under the provincial command, and an NGO that
# offers support. (key, agency type, name pattern, symbol, roles, parent's key). Not used by the
# bulk case generator (safereturn/demo/cases.py), which keeps to PROVINCIAL_AGENCIES.
SUPPORTING_AGENCIES = [
    ("xnc", "immigration_office", "Phòng Quản lý xuất nhập cảnh, Công an {p}", "XNC", [R.VERIFIER, R.SUPERVISOR], "ca"),
    ("dbp", "border_post", "{post}", "ĐBP", [R.INTAKE_OFFICER, R.VERIFIER], "bdbp"),
    ("ngo", "ngo", "Tổ chức phi chính phủ Hỗ trợ Phụ nữ và Trẻ em {p}", "NGO", [R.CASE_WORKER], None),
]
# One border guard post per demo province, at a real border gate or port of that province.
BORDER_POSTS = {
    92: "Đồn Biên phòng Cửa khẩu cảng Cần Thơ",
    48: "Đồn Biên phòng Cửa khẩu Nam Giang",  # the Lao border, former Quảng Nam
    31: "Đồn Biên phòng Cửa khẩu cảng Hải Phòng",
    82: "Đồn Biên phòng Cửa khẩu quốc tế Thường Phước",  # the Cambodian border
}
NGO_SERVICES = [("psychological", None), ("life_skills", None), ("vocational", None)]
NATIONAL_AGENCIES = [
    ("byt", "ministry", "Bộ Y tế", "BYT", [R.REPORTING_OFFICER, R.SYSTEM_ADMIN, R.AUDITOR]),
    ("111", "hotline", "Tổng đài quốc gia bảo vệ trẻ em 111", "TD111", [R.INTAKE_OFFICER]),
]
FACILITY_SERVICES = [("accommodation", 40), ("essential_needs", None), ("psychological", None), ("life_skills", None)]


def _short_province_name(province):
    for prefix in ("Thành phố ", "Tỉnh "):
        if province.name.startswith(prefix):
            return province.name[len(prefix) :]
    return province.name


def _agency(name, type_code, symbol, level, province=None, commune=None, parent=None):
    agency, _created = Agency.objects.update_or_create(
        name=name,
        defaults={
            "agency_type": AgencyType.objects.get(code=type_code),
            "short_name": symbol,
            "jurisdiction_level": level,
            "province": province,
            "commune": commune,
            "parent": parent,
        },
    )
    return agency


class _People:
    """Deterministic invented officers: the same seed gives the same names."""

    def __init__(self, seed):
        self.fake = Faker("vi_VN")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        # One argon2 hash for every demo officer: hashing is deliberately slow.
        existing = User.objects.filter(email__endswith="@demo.safereturn.invalid").values_list("password", flat=True)
        hashed = next((h for h in existing if h and check_password(DEMO_PASSWORD, h)), None)
        self.password_hash = hashed or make_password(DEMO_PASSWORD)

    def officer(self):
        first = self.fake.first_name_female() if self.rng.random() < 0.5 else self.fake.first_name_male()
        return f"{self.fake.last_name()} {self.fake.middle_name()} {first}"

    def phone(self):
        return "0" + self.rng.choice("389") + "".join(self.rng.choice("0123456789") for _ in range(8))


def _user(username, people, agency, roles, password_hash):
    full_name = people.officer()
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": f"{username}@demo.safereturn.invalid"}
    )
    if user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    for role in roles:
        membership_grant(user=user, agency=agency, role=role)
    return user


def _seed_agency(agency, key_prefix, roles, people, users):
    for role in roles:
        users.append(_user(f"{key_prefix}.{role}", people, agency, [role], people.password_hash))
    supervisor = next((u for u in users if u.username == f"{key_prefix}.{Role.SUPERVISOR}"), users[-1])
    FocalPoint.objects.update_or_create(
        agency=agency,
        full_name=supervisor.full_name,
        defaults={"title": "Cán bộ đầu mối", "phone": people.phone(), "email": supervisor.email},
    )


@transaction.atomic
def seed_directory(seed=2026):
    people = _People(seed)
    users = []
    ministry = None
    for key, type_code, name, symbol, roles in NATIONAL_AGENCIES:
        agency = _agency(name, type_code, symbol, "national")
        ministry = ministry or agency
        _seed_agency(agency, f"tw.{key}", roles, people, users)
    for province_code, (pkey, commune_codes) in DEMO_PROVINCES.items():
        province = Province.objects.get(code=province_code)
        short = _short_province_name(province)
        provincial = {}
        for key, type_code, pattern, symbol, roles in PROVINCIAL_AGENCIES:
            agency = _agency(pattern.format(p=short), type_code, symbol, "province", province=province)
            provincial[key] = agency
            _seed_agency(agency, f"{pkey}.{key}", roles, people, users)
        for service, capacity in FACILITY_SERVICES:
            FacilityService.objects.update_or_create(
                agency=provincial["ttctxh"], service_type=service, defaults={"capacity": capacity}
            )
        FacilityService.objects.update_or_create(agency=provincial["tgpl"], service_type="legal_aid")
        for commune_code in commune_codes:
            commune = Commune.objects.get(code=commune_code, province=province)
            ckey = commune.codename.split("_", 1)[-1].replace("_", "")
            for key, type_code, pattern, symbol, roles in COMMUNE_AGENCIES:
                parent = provincial["ca"] if key == "ca" else None
                agency = _agency(
                    f"{pattern.format(c=commune.name)}, {short}",
                    type_code,
                    symbol,
                    "commune",
                    province=province,
                    commune=commune,
                    parent=parent,
                )
                _seed_agency(agency, f"{pkey}.{ckey}.{key}", roles, people, users)
    # After every province's first set, so the officers above keep the names a seed gave them before.
    for province_code, (pkey, _commune_codes) in DEMO_PROVINCES.items():
        _seed_supporting_agencies(province_code, pkey, people, users)
    return users


def _seed_supporting_agencies(province_code, pkey, people, users):
    province = Province.objects.get(code=province_code)
    short = _short_province_name(province)
    parents = {
        key: Agency.objects.get(name=pattern.format(p=short))
        for key, _type, pattern, _symbol, _roles in PROVINCIAL_AGENCIES
    }
    for key, type_code, pattern, symbol, roles, parent_key in SUPPORTING_AGENCIES:
        name = pattern.format(p=short, post=BORDER_POSTS[province_code])
        parent = parents[parent_key] if parent_key else None
        agency = _agency(name, type_code, symbol, "province", province=province, parent=parent)
        _seed_agency(agency, f"{pkey}.{key}", roles, people, users)
        if type_code == "ngo":
            for service, capacity in NGO_SERVICES:
                FacilityService.objects.update_or_create(
                    agency=agency, service_type=service, defaults={"capacity": capacity}
                )


def login_table():
    """The demo logins as short tables, one per province (national agencies first): each agency's name,
    then its officers' logins in the roles' order. Lines of text, for ``seed_demo`` to print."""
    memberships = Membership.objects.filter(is_active=True, user__email__endswith="@demo.safereturn.invalid")
    memberships = memberships.select_related("user", "agency", "agency__province").order_by("agency_id")
    order = {role: i for i, role in enumerate(Role.values)}
    agencies = {}
    for m in memberships:
        agencies.setdefault(m.agency, {}).setdefault(m.user.username, order.get(m.role, len(order)))
    provinces = {None: (0, "Trung ương (national agencies)")}
    for rank, (code, (pkey, _communes)) in enumerate(DEMO_PROVINCES.items(), start=1):
        provinces[code] = (rank, f"{Province.objects.get(code=code).name} ({pkey}.*)")
    by_province = {}
    for agency, logins in agencies.items():
        key = agency.province_id if agency.province_id in provinces else None
        by_province.setdefault(key, []).append((agency, sorted(logins, key=lambda u: (logins[u], u))))
    lines = [f"Demo logins — the password for every one: {DEMO_PASSWORD}"]
    for code in sorted(by_province, key=lambda c: provinces[c][0]):
        lines += ["", provinces[code][1]]
        # Provincial agencies before the communes', each level in the order it was created.
        for agency, logins in sorted(by_province[code], key=lambda a: (a[0].commune_id is not None, a[0].pk)):
            lines.append(f"  {agency.name}")
            lines.append("      " + "   ".join(logins))
    return lines


def manifest_users():
    rows = []
    memberships = Membership.objects.filter(is_active=True, user__email__endswith="@demo.safereturn.invalid")
    memberships = memberships.select_related("user", "agency", "agency__agency_type").order_by("user__username")
    by_user = {}
    for m in memberships:
        by_user.setdefault(m.user, []).append(m)
    for user, ms in by_user.items():
        agency = ms[0].agency
        rows.append(
            {
                "username": user.username,
                "password": DEMO_PASSWORD,
                "full_name": user.full_name,
                "agency": agency.name,
                "agency_type": agency.agency_type.code,
                "province_code": agency.province_id,
                "commune_code": agency.commune_id,
                "roles": sorted(m.role for m in ms),
            }
        )
    return rows


class ManifestWriter:
    """Writes ``{"users": [...], "cases": [...]}`` with cases streamed one per line (a million fit in little memory).

    ``cases_limit`` caps how many cases are listed (``None``: all).
    """

    def __init__(self, path, cases_limit=None):
        self.path = path
        self.cases_limit = cases_limit
        self.cases_written = 0
        self._fh = self._partial = None

    def __enter__(self):
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._partial = path.with_name(path.name + ".partial")
        self._fh = open(self._partial, "w", encoding="utf-8")  # noqa: SIM115 - closed in __exit__
        users = json.dumps(manifest_users(), ensure_ascii=False, indent=2)
        self._fh.write('{\n"users": ' + users + ',\n"cases": [')
        return self

    def add_cases(self, cases):
        for case in cases:
            if self.cases_limit is not None and self.cases_written >= self.cases_limit:
                return
            self._fh.write(("\n" if not self.cases_written else ",\n") + json.dumps(case, ensure_ascii=False))
            self.cases_written += 1

    def __exit__(self, exc_type, exc, tb):
        # Written beside the target and renamed at the end, so a failed run leaves the old manifest in place.
        if exc_type is None:
            self._fh.write("\n]\n}\n")
        self._fh.close()
        if exc_type is None:
            os.replace(self._partial, self.path)
        else:
            self._partial.unlink(missing_ok=True)
        return False


def write_manifest(path, cases=()):
    with ManifestWriter(path) as manifest:
        manifest.add_cases(cases)
