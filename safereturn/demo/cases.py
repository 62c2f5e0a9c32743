"""Synthetic demo cases for the four demo provinces (invented people; patterns from SCENARIOS.md).

``seed_cases`` is deterministic for a given seed, number of cases and ``until`` date: the same
arguments give the same names, case UUIDs and (in a database with no other cases) case numbers.
It is safe to run again: cases whose UUID already exists are not written a second time, so a
repeated run writes nothing and an interrupted run is completed.

It is built for volume (1,000,000 cases for benchmarks): cases are planned in Python, in
chronological order, then written chunk by chunk, one transaction per chunk, with PostgreSQL
``COPY`` (or ``executemany`` INSERTs on other databases). Identity fields are encrypted with the
model fields' own ``get_prep_value`` and name keys use the duplicate finder's own ``name_keys``,
so the rows are the same as those written through ``intake_record``.
"""

import contextlib
import datetime
import json
import random
import time
import uuid
import zoneinfo
from bisect import bisect
from collections import Counter
from heapq import heappop, heappush

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.fields import NOT_PROVIDED
from faker.providers.person.vi_VN import Provider as VietnameseNames

from safereturn.cases import vocab
from safereturn.cases.models import (
    LIST_COPIES,
    Case,
    CaseEvent,
    CaseParticipant,
    Consent,
    Person,
    PersonNameKey,
)
from safereturn.cases.services import age_group_for
from safereturn.cases.services.intake import CASE_NUMBER_SERIES
from safereturn.core import name_keys
from safereturn.core.crypto import normalise
from safereturn.core.sequences import next_numbers
from safereturn.directory.models import Agency, Membership, Role
from safereturn.geo.models import Commune, Province
from safereturn.rules.models import CompetenceAction, SharingBasis, SharingRule
from safereturn.rules.selectors import competent_agency_types

from . import support_bulk
from .officers import COMMUNE_AGENCIES, DEMO_PROVINCES, PROVINCIAL_AGENCIES, _short_province_name

CHUNK_SIZE = 5000
SPAN_DAYS = 3 * 365
F, M = vocab.Sex.FEMALE, vocab.Sex.MALE


class _Weighted:
    """Weighted choice from a seeded ``random.Random`` using only ``random()`` (stable across Pythons)."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, pairs):
        pairs = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
        self.items = [p[0] for p in pairs]
        self.cumulative = []
        total = 0
        for _item, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def _one(rng, seq):
    return seq[int(rng.random() * len(seq))]


def _some(rng, weighted_codes, least=1, most=3):
    """Between ``least`` and ``most`` distinct codes, weighted."""
    count = least + int(rng.random() * (most - least + 1))
    return {weighted_codes.pick(rng) for _ in range(count)}


# --- Names: Faker's vi_VN lists, family name + middle name + given name of the person's sex. ---
LAST_NAMES = tuple(VietnameseNames.last_names)
FEMALE_GIVEN = tuple(VietnameseNames.first_names_female)
MALE_GIVEN = tuple(VietnameseNames.first_names_male)
_FEMALE_MIDDLE = {"Thị": 12, "Ngọc": 2, "Xuân": 1, "Mai": 1, "Bảo": 1, "Hải": 1}
_MALE_MIDDLE = {"Văn": 10, "Quang": 1, "Đức": 2, "Trí": 1, "Xuân": 1, "Hoàng": 1, "Hải": 1, "Thế": 1, "Tấn": 1}
_MALE_MIDDLE |= {"Phú": 1, "Hữu": 2, "Bảo": 1}
FEMALE_MIDDLE = _Weighted({n: w for n, w in _FEMALE_MIDDLE.items() if n in VietnameseNames.middle_names} or {"Thị": 1})
MALE_MIDDLE = _Weighted({n: w for n, w in _MALE_MIDDLE.items() if n in VietnameseNames.middle_names} or {"Văn": 1})

# --- Where and how people come back, by province (weights). ---
# fmt: off
PROVINCE_SHARE = _Weighted({92: 30, 82: 28, 31: 22, 48: 20})
CH = vocab.Channel
CHANNELS = {
    82: _Weighted({CH.SELF_RETURN: 40, CH.OFFICIAL_HANDOVER: 22, CH.RESCUE_ABROAD: 14, CH.RESCUE_DOMESTIC: 8,
                   CH.SELF_REPORT: 8, CH.TIP: 8}),
    92: _Weighted({CH.SELF_RETURN: 18, CH.OFFICIAL_HANDOVER: 24, CH.RESCUE_ABROAD: 24, CH.RESCUE_DOMESTIC: 14,
                   CH.SELF_REPORT: 10, CH.TIP: 10}),
    48: _Weighted({CH.SELF_RETURN: 15, CH.OFFICIAL_HANDOVER: 20, CH.RESCUE_ABROAD: 25, CH.RESCUE_DOMESTIC: 20,
                   CH.SELF_REPORT: 10, CH.TIP: 10}),
    31: _Weighted({CH.SELF_RETURN: 8, CH.OFFICIAL_HANDOVER: 36, CH.RESCUE_ABROAD: 20, CH.RESCUE_DOMESTIC: 18,
                   CH.SELF_REPORT: 8, CH.TIP: 10}),
}
DESTINATIONS = {
    CH.SELF_RETURN: {
        82: _Weighted({"KH": 95, "LA": 5}),
        92: _Weighted({"KH": 88, "LA": 7, "CN": 5}),
        48: _Weighted({"LA": 55, "KH": 40, "CN": 5}),
        31: _Weighted({"CN": 70, "KH": 30}),
    },
    CH.OFFICIAL_HANDOVER: {
        82: _Weighted({"KH": 90, "CN": 10}),
        92: _Weighted({"KH": 50, "CN": 40, "MY": 10}),
        48: _Weighted({"LA": 40, "CN": 40, "KH": 20}),
        31: _Weighted({"CN": 85, "KH": 10, "MY": 5}),
    },
    CH.RESCUE_ABROAD: {
        82: _Weighted({"KH": 60, "MY": 15, "TH": 15, "LA": 10}),
        92: _Weighted({"KH": 40, "MY": 20, "TH": 15, "CN": 15, "LA": 10}),
        48: _Weighted({"LA": 30, "KH": 30, "CN": 15, "MY": 15, "TH": 10}),
        31: _Weighted({"CN": 45, "MY": 20, "TH": 15, "KH": 20}),
    },
}
# Share of self-reports and tips about exploitation abroad (the rest are domestic).
CROSS_BORDER_SHARE = {CH.SELF_REPORT: 0.5, CH.TIP: 0.3, CH.RESCUE_DOMESTIC: 0.0}

# Receiving agency by channel: provincial agency keys, or commune agency keys ("ubnd", "cax").
RECEIVERS = {
    CH.SELF_RETURN: _Weighted({"ubnd": 60, "cax": 30, "bdbp": 10}),
    CH.OFFICIAL_HANDOVER: _Weighted({"bdbp": 75, "ca": 25}),
    CH.RESCUE_ABROAD: _Weighted({"ca": 55, "bdbp": 45}),
    CH.RESCUE_DOMESTIC: _Weighted({"ca": 60, "cax": 40}),
    CH.SELF_REPORT: _Weighted({"ubnd": 50, "cax": 35, "ca": 15}),
    CH.TIP: _Weighted({"cax": 50, "ca": 40, "ubnd": 10}),
}
COMMUNE_RECEIVERS = {"ubnd", "cax"}

# Land border gates of the demo provinces themselves: a border-gate handover is received by the
# province's own border guard, so it can only happen where the province borders that country
# (Đồng Tháp: Cambodia; Đà Nẵng, with former Quảng Nam: Laos). Elsewhere people come home by air or sea.
BORDER_GATES = {
    ("KH", 82): ("Cửa khẩu quốc tế Dinh Bà", "Cửa khẩu quốc tế Thường Phước"),
    ("LA", 48): ("Cửa khẩu quốc tế Nam Giang",),
}
AIRPORTS = {
    92: "Cảng hàng không quốc tế Cần Thơ",
    48: "Cảng hàng không quốc tế Đà Nẵng",
    31: "Cảng hàng không quốc tế Cát Bi",
    82: "Cảng hàng không quốc tế Tân Sơn Nhất",
}
SEAPORTS = {92: "Cảng Cái Cui", 48: "Cảng Tiên Sa", 31: "Cảng Hải Phòng", 82: "Cảng Cao Lãnh"}
MISSIONS = {
    "KH": "Đại sứ quán Việt Nam tại Campuchia",
    "LA": "Đại sứ quán Việt Nam tại Lào",
    "CN": "Tổng Lãnh sự quán Việt Nam tại Nam Ninh",
    "MY": "Đại sứ quán Việt Nam tại Malaysia",
    "TH": "Đại sứ quán Việt Nam tại Thái Lan",
}
HP = vocab.HandoverPlace
HANDOVER_NEAR = _Weighted({HP.BORDER_GATE: 85, HP.AIRPORT: 15})
HANDOVER_FAR = _Weighted({HP.AIRPORT: 80, HP.PORT: 20})
RESCUE_NEAR = _Weighted({HP.BORDER_GATE: 60, HP.MISSION_ABROAD: 30, HP.AIRPORT: 10})
RESCUE_FAR = _Weighted({HP.AIRPORT: 60, HP.MISSION_ABROAD: 40})

RM, CM = vocab.RecruitmentMethod, vocab.ControlMethod
RECRUITMENT = {
    "scam": _Weighted({RM.ONLINE_ADVERT: 50, RM.ONLINE_SOCIAL: 30, RM.FRIENDS: 15, RM.BROKER: 5}),
    "marriage": _Weighted({RM.BROKER: 40, RM.FRIENDS: 25, RM.ONLINE_SOCIAL: 25, RM.FAMILY: 10}),
    "sexual": _Weighted({RM.ONLINE_SOCIAL: 35, RM.FRIENDS: 30, RM.PLACE_OF_BUSINESS: 20, RM.BROKER: 15}),
    "labour": _Weighted({RM.BROKER: 35, RM.FRIENDS: 25, RM.ONLINE_ADVERT: 25, RM.AT_WORK: 10, RM.FAMILY: 5}),
    "child": _Weighted({RM.FAMILY: 30, RM.FRIENDS: 30, RM.ONLINE_SOCIAL: 25, RM.ABDUCTION: 10, RM.OTHER: 5}),
}
CONTROL = {
    "scam": _Weighted({CM.WITHHOLDS_DOCUMENTS: 30, CM.RESTRICTS_MOVEMENT: 30, CM.EXCESSIVE_HOURS: 25,
                       CM.DEBT_BONDAGE: 20, CM.PHYSICAL_ABUSE: 15, CM.PHYSICAL_THREATS: 15,
                       CM.THREATENS_FAMILY: 10, CM.TAKES_EARNINGS: 10}),
    "marriage": _Weighted({CM.RESTRICTS_MOVEMENT: 30, CM.WITHHOLDS_DOCUMENTS: 25, CM.FALSE_PROMISES: 25,
                           CM.PSYCHOLOGICAL_ABUSE: 15, CM.SEXUAL_ABUSE: 15, CM.PHYSICAL_ABUSE: 10}),
    "sexual": _Weighted({CM.DEBT_BONDAGE: 30, CM.SEXUAL_ABUSE: 25, CM.TAKES_EARNINGS: 25, CM.SUBSTANCES: 10,
                         CM.PHYSICAL_THREATS: 20, CM.RESTRICTS_MOVEMENT: 20}),
    "labour": _Weighted({CM.EXCESSIVE_HOURS: 30, CM.TAKES_EARNINGS: 25, CM.WITHHOLDS_DOCUMENTS: 20,
                         CM.DEBT_BONDAGE: 20, CM.RESTRICTS_MOVEMENT: 15, CM.WITHHOLDS_NECESSITIES: 10}),
    "child": _Weighted({CM.PHYSICAL_ABUSE: 25, CM.PSYCHOLOGICAL_ABUSE: 25, CM.RESTRICTS_MOVEMENT: 25,
                        CM.WITHHOLDS_NECESSITIES: 15, CM.THREATENS_FAMILY: 10}),
}
IN = vocab.ImmediateNeed
NEEDS = ((IN.FOOD, 0.85), (IN.CLOTHING, 0.5), (IN.TRAVEL, 0.55), (IN.ACCOMMODATION, 0.3), (IN.MEDICAL, 0.25),
         (IN.PSYCHOLOGICAL, 0.2), (IN.INTERPRETATION, 0.02))
RISK = {
    "adult": _Weighted({vocab.RiskLevel.LOW: 45, vocab.RiskLevel.MEDIUM: 38, vocab.RiskLevel.HIGH: 17}),
    "child": _Weighted({vocab.RiskLevel.LOW: 15, vocab.RiskLevel.MEDIUM: 45, vocab.RiskLevel.HIGH: 40}),
}
ST = vocab.CaseStatus
STATUS_RECENT = _Weighted({ST.BEING_IDENTIFIED: 75, ST.UNDER_VERIFICATION: 25})  # under 2 weeks old
STATUS_MONTHS = _Weighted({ST.BEING_IDENTIFIED: 20, ST.UNDER_VERIFICATION: 45, ST.IDENTIFIED: 30, ST.NOT_VICTIM: 5})
STATUS_OLD = _Weighted({ST.IDENTIFIED: 62, ST.UNDER_VERIFICATION: 12, ST.BEING_IDENTIFIED: 8, ST.NOT_VICTIM: 6,
                        ST.FALSE_CLAIM: 2, ST.CLOSED: 10})
SHARE_WITH = ("health_department", "province_police", "social_support_facility", "commune_committee", "border_guard")
ETHNICITY = {
    # GSO codes (safereturn/geo/data/ethnic_groups.csv): 01 Kinh, 05 Khmer, 06 Hoa, 26 Cơ Tu.
    82: _Weighted({"01": 97, "05": 2, "06": 1}),
    92: _Weighted({"01": 86, "05": 12, "06": 2}),
    48: _Weighted({"01": 96, "26": 4}),
    31: _Weighted({"01": 99, "06": 1}),
}
ADULT_AGE = _Weighted({(18, 24): 35, (25, 34): 38, (35, 44): 18, (45, 60): 9})
CHILD_AGE = _Weighted({(12, 14): 25, (15, 17): 75})
# fmt: on
CHILD_SHARE = 0.20
RETRAFFICKED_SHARE = 0.03  # persons who come back with a second case, months later
NEAR_DUPLICATE_SHARE = 0.01  # persons recorded again, later, as a separate person with the name typed differently


class PlannedPerson:
    __slots__ = ("full_name", "sex", "birth_year", "date_of_birth", "phone", "id_number", "address", "ethnicity",
                 "home_province", "home_commune", "owner", "db_id", "duplicate_of")  # fmt: skip

    def __init__(self, **values):
        self.db_id = self.duplicate_of = None
        for name, value in values.items():
            setattr(self, name, value)


class PlannedCase:
    __slots__ = ("index", "id", "province", "year", "received_at", "created_at", "channel", "handover_place",
                 "reception_place", "receiver", "responsible", "extra", "commune", "destination", "exploitation",
                 "recruitment", "control", "accompanying_children", "needs", "risk", "status", "person", "linked",
                 "consent", "number")  # fmt: skip

    def __init__(self, **values):
        self.number = None
        for name, value in values.items():
            setattr(self, name, value)


class DemoContext:
    """The demo agencies, their intake officers and the provinces' communes, read from the database."""

    def __init__(self):
        self.provinces = {}
        self.agencies = {}  # (province, key) or (province, key, commune) → Agency
        names = {}
        for code, (_pkey, commune_codes) in DEMO_PROVINCES.items():
            province = Province.objects.get(code=code)
            short = _short_province_name(province)
            for key, _type, pattern, _symbol, _roles in PROVINCIAL_AGENCIES:
                names[pattern.format(p=short)] = (code, key)
            demo_communes = []
            for commune in Commune.objects.filter(code__in=commune_codes).order_by("code"):
                demo_communes.append(commune)
                for key, _type, pattern, _symbol, _roles in COMMUNE_AGENCIES:
                    names[f"{pattern.format(c=commune.name)}, {short}"] = (
                        code,
                        "cax" if key == "ca" else key,
                        commune.code,
                    )
            communes = list(Commune.objects.filter(province=province).order_by("code").values_list("code", "name"))
            self.provinces[code] = {
                "name": province.name,
                "demo_communes": [(c.code, c.name) for c in demo_communes],
                "communes": communes,
                "commune_names": dict(communes),
                "southern": code in (82, 92),
            }
        for agency in Agency.objects.filter(name__in=list(names)):
            self.agencies[names[agency.name]] = agency
        missing = set(names.values()) - set(self.agencies)
        if missing:
            raise RuntimeError(f"demo agencies missing (run seed_demo without --cases first): {sorted(missing)}")
        self.intake_officer = {}
        memberships = Membership.objects.filter(
            agency__in=list(self.agencies.values()), role=Role.INTAKE_OFFICER, is_active=True
        ).order_by("user__username")
        for agency_id, user_id in memberships.values_list("agency_id", "user_id"):
            self.intake_officer.setdefault(agency_id, user_id)

    def agency(self, province, key, commune=None):
        if key in COMMUNE_RECEIVERS:
            return self.agencies[(province, key, commune)]
        return self.agencies[(province, key)]


class Planner:
    """Plans cases one at a time, in received order; the plan depends only on seed, count and ``until``."""

    def __init__(self, ctx, count, seed, until):
        self.ctx = ctx
        self.count = count
        self.rng = random.Random(f"safereturn-demo-cases-{seed}")
        self.end = datetime.datetime.combine(until, datetime.time(18, 0), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        self.start = self.end - datetime.timedelta(days=SPAN_DAYS)
        self.pending = []  # heap of (case index, sequence, kind, PlannedPerson, province)
        self.sequence = 0

    def __iter__(self):
        for index in range(self.count):
            yield self.plan(index)

    def _received_at(self, index):
        # Monotonic in the index (each case in its own slot) and a little denser in recent years.
        x = (index + self.rng.random()) / self.count
        return self.start + datetime.timedelta(seconds=SPAN_DAYS * 86400 * x**0.85)

    def _schedule(self, index, kind, person, province, months_low, months_high):
        months = months_low + self.rng.random() * (months_high - months_low)
        target = index + max(1, int(months / 36 * self.count))
        if target < self.count:
            self.sequence += 1
            heappush(self.pending, (target, self.sequence, kind, person, province))

    def _name(self, sex):
        """Family name, middle name and given name, three different words ("Mai Mai", "Bảo Bảo" are not names)."""
        rng = self.rng
        last = _one(rng, LAST_NAMES)
        middle = (FEMALE_MIDDLE if sex == F else MALE_MIDDLE).pick(rng)
        while middle == last:
            middle = (FEMALE_MIDDLE if sex == F else MALE_MIDDLE).pick(rng)
        given = _one(rng, FEMALE_GIVEN if sex == F else MALE_GIVEN)
        while given in (last, middle):
            given = _one(rng, FEMALE_GIVEN if sex == F else MALE_GIVEN)
        return f"{last} {middle} {given}"

    def _person(self, province, received_on, owner):
        rng = self.rng
        info = self.ctx.provinces[province]
        sex = F if rng.random() < 0.52 else M
        child = rng.random() < CHILD_SHARE
        low, high = (CHILD_AGE if child else ADULT_AGE).pick(rng)
        age = low + int(rng.random() * (high - low + 1))
        date_of_birth = None
        birth_year = received_on.year - age
        if rng.random() < 0.5:
            born = received_on - datetime.timedelta(days=int(age * 365.25 + rng.random() * 364))
            date_of_birth, birth_year = born, born.year
        if rng.random() < 0.03:
            birth_year = None  # not known (and so neither is the date)
            date_of_birth = None
        # Most come from the demo communes (whose agencies follow them up), the rest from anywhere in the province.
        home_commune = _one(rng, info["demo_communes"] if rng.random() < 0.6 else info["communes"])[0]
        commune_name = info["commune_names"][home_commune]
        if commune_name.startswith("Phường"):
            hamlet = ("Khu vực " if info["southern"] else "Tổ dân phố ") + str(1 + int(rng.random() * 12))
        else:
            hamlet = ("Ấp " if info["southern"] else "Thôn ") + str(1 + int(rng.random() * 9))
        address = f"{hamlet}, {commune_name}, {info['name']}" if rng.random() < 0.85 else ""
        phone = ""
        if rng.random() < (0.25 if child else 0.6):
            phone = "0" + _one(rng, "35789") + "".join(_one(rng, "0123456789") for _ in range(8))
        id_number = ""
        if birth_year and age >= 14 and rng.random() < 0.45:
            century = (0 if birth_year < 2000 else 2) + (1 if sex == F else 0)
            tail = "".join(_one(rng, "0123456789") for _ in range(6))
            id_number = f"{province:03d}{century}{birth_year % 100:02d}{tail}"
        ethnicity = ETHNICITY[province].pick(rng)
        if home_commune == 20455 and rng.random() < 0.8:  # Xã Tây Giang: mostly Cơ Tu
            ethnicity = "26"  # Cơ Tu
        return PlannedPerson(
            full_name=self._name(sex),
            sex=sex,
            birth_year=birth_year,
            date_of_birth=date_of_birth,
            phone=phone,
            id_number=id_number,
            address=address,
            ethnicity=ethnicity,
            home_province=province,
            home_commune=home_commune,
            owner=owner,
        )

    def _near_duplicate(self, person, owner):
        """The same person recorded again by someone who typed the name differently."""
        rng = self.rng
        parts = person.full_name.split()
        if rng.random() < 0.5:
            name = " ".join(p.capitalize() for p in normalise(person.full_name).split())  # without accents
        else:
            name = " ".join(parts[-1:] + parts[:-1])  # given name first, as in foreign papers
        birth_year = person.birth_year
        if birth_year and rng.random() < 0.3:
            birth_year += 1 if rng.random() < 0.5 else -1
        return PlannedPerson(
            full_name=name,
            sex=person.sex,
            birth_year=birth_year,
            date_of_birth=None,
            phone=person.phone if rng.random() < 0.3 else "",
            id_number="",
            address=person.address if rng.random() < 0.5 else "",
            ethnicity=person.ethnicity,
            home_province=person.home_province,
            home_commune=person.home_commune,
            owner=owner,
            duplicate_of=person,
        )

    def _status(self, received_at):
        days = (self.end - received_at).days
        table = STATUS_RECENT if days < 14 else STATUS_MONTHS if days < 60 else STATUS_OLD
        return table.pick(self.rng)

    def plan(self, index):
        """The next case. Each part is drawn in a fixed order from one generator: the same seed gives
        the same cases."""
        rng = self.rng
        case_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        received_at = self._received_at(index)
        received_on = received_at.date()
        person, province, linked = self._whose_case(index, case_id, received_on)
        sex = person.sex
        age = received_on.year - person.birth_year if person.birth_year else 30
        child = age < 18
        channel = CHANNELS[province].pick(rng)
        destination = self._destination(channel, province, sex, child)
        exploitation, pattern = self._exploitation(destination, sex, child)
        handover_place, receiver_key, reception_place = self._handover(channel, destination, province)
        receiver, commune, reception_place = self._receiver(receiver_key, province, person, reception_place)
        responsible = self.ctx.agency(province, "syt") if rng.random() < 0.75 else receiver
        needs = self._needs(channel)
        status = self._status(received_at)
        extra = self._others_taking_part(province, needs, status, receiver, receiver_key, person)
        accompanying = 0
        if "forced_marriage" in exploitation and rng.random() < 0.18:
            accompanying = 1 if rng.random() < 0.8 else 2
        consent = self._consent(received_on)
        created_at = received_at + datetime.timedelta(minutes=20 + int(rng.random() * 220))
        return PlannedCase(
            index=index,
            id=case_id,
            province=province,
            year=received_on.year,
            received_at=received_at,
            created_at=created_at,
            channel=channel,
            handover_place=handover_place,
            reception_place=reception_place,
            receiver=receiver,
            responsible=responsible,
            extra=extra,
            commune=commune,
            destination=destination,
            exploitation=vocab.encode_codes(exploitation),
            recruitment=vocab.encode_codes(_some(rng, RECRUITMENT["child" if child else pattern], 1, 2)),
            control=vocab.encode_codes(_some(rng, CONTROL["child" if child else pattern], 1, 4)),
            accompanying_children=accompanying,
            needs=vocab.encode_codes(needs),
            risk=RISK["child" if child else "adult"].pick(rng),
            status=status,
            person=person,
            linked=linked,
            consent=consent,
        )

    def _whose_case(self, index, case_id, received_on):
        """``(person, province, linked)``: an earlier person come back (re-trafficked, or a near
        duplicate of an earlier record), else a new person — who may come back later."""
        if self.pending and self.pending[0][0] <= index:
            _target, _seq, kind, earlier, province = heappop(self.pending)
            if kind == "link":
                return earlier, province, True
            return self._near_duplicate(earlier, case_id), province, False
        province = PROVINCE_SHARE.pick(self.rng)
        person = self._person(province, received_on, case_id)
        roll = self.rng.random()
        if roll < RETRAFFICKED_SHARE:
            self._schedule(index, "link", person, province, 4, 24)
        elif roll < RETRAFFICKED_SHARE + NEAR_DUPLICATE_SHARE:
            self._schedule(index, "duplicate", person, province, 1, 18)
        return person, province, False

    def _destination(self, channel, province, sex, child):
        rng = self.rng
        if channel in DESTINATIONS:
            destination = DESTINATIONS[channel][province].pick(rng)
        elif rng.random() < CROSS_BORDER_SHARE.get(channel, 0):
            destination = DESTINATIONS[CH.RESCUE_ABROAD][province].pick(rng)
        else:
            destination = ""
        if destination and sex == F and not child and province in (31, 48, 92) and rng.random() < 0.25:
            destination = "CN"  # women taken to China for marriage
        return destination

    def _handover(self, channel, destination, province):
        """``(handover place, receiving agency key, reception place)``."""
        rng = self.rng
        handover_place = ""
        by_land = (destination, province) in BORDER_GATES
        if channel == CH.OFFICIAL_HANDOVER:
            handover_place = (HANDOVER_NEAR if by_land else HANDOVER_FAR).pick(rng)
        elif channel == CH.RESCUE_ABROAD:
            handover_place = (RESCUE_NEAR if by_land else RESCUE_FAR).pick(rng)
        receiver_key = RECEIVERS[channel].pick(rng)
        if handover_place in (HP.BORDER_GATE, HP.PORT):
            receiver_key = "bdbp"  # the border guard staffs land border gates and seaports
        elif handover_place in (HP.AIRPORT, HP.MISSION_ABROAD):
            receiver_key = "ca"  # immigration police at the airport
        reception_place = ""
        if handover_place == HP.BORDER_GATE:
            reception_place = _one(rng, BORDER_GATES[(destination, province)])
        else:
            places = {HP.AIRPORT: AIRPORTS, HP.PORT: SEAPORTS}
            if handover_place in places:
                reception_place = places[handover_place][province]
            elif handover_place == HP.MISSION_ABROAD:
                reception_place = MISSIONS[destination]
        return handover_place, receiver_key, reception_place

    def _receiver(self, receiver_key, province, person, reception_place):
        """``(receiving agency, commune of the case, reception place)``."""
        demo_codes = [c for c, _n in self.ctx.provinces[province]["demo_communes"]]
        if receiver_key not in COMMUNE_RECEIVERS:
            return self.ctx.agency(province, receiver_key), person.home_commune, reception_place
        # Commune agencies receive people from their own commune, or passing through it.
        commune = person.home_commune if person.home_commune in demo_codes else _one(self.rng, demo_codes)
        receiver = self.ctx.agency(province, receiver_key, commune)
        return receiver, commune, reception_place or f"Trụ sở {receiver.name}"

    def _needs(self, channel):
        rng = self.rng
        needs = {code for code, share in NEEDS if rng.random() < share}
        if channel == CH.SELF_RETURN and rng.random() < 0.8:
            needs.add(IN.TRAVEL)
        if channel == CH.OFFICIAL_HANDOVER and rng.random() < 0.5:
            needs.add(IN.ACCOMMODATION)
        return needs

    def _others_taking_part(self, province, needs, status, receiver, receiver_key, person):
        """Agencies taking part besides the receiver and the responsible one."""
        rng = self.rng
        demo_codes = [c for c, _n in self.ctx.provinces[province]["demo_communes"]]
        extra = []
        if IN.ACCOMMODATION in needs and rng.random() < 0.7:
            extra.append((self.ctx.agency(province, "ttctxh"), vocab.ParticipantRole.REFERRAL_RECIPIENT))
        if status != ST.BEING_IDENTIFIED and receiver_key != "ca" and rng.random() < 0.5:
            extra.append((self.ctx.agency(province, "ca"), vocab.ParticipantRole.ASSIGNEE))  # verification
        if status == ST.IDENTIFIED and person.home_commune in demo_codes and rng.random() < 0.6:
            follow_up = self.ctx.agency(province, "ubnd", person.home_commune)
            if follow_up.pk != receiver.pk:
                extra.append((follow_up, vocab.ParticipantRole.ASSIGNEE))  # follow-up at 1, 3 and 6 months
        return extra

    def _consent(self, received_on):
        rng = self.rng
        if rng.random() >= 0.88:
            return None
        processing = rng.random() < 0.96
        shared = [t for t in SHARE_WITH if rng.random() < 0.7] if processing else []
        return processing, vocab.encode_codes(shared), received_on

    def _exploitation(self, destination, sex, child):
        """``(forms of exploitation, pattern)``: by where the person was taken, their sex and age."""
        r = self.rng.random()
        if destination == "CN":
            return self._exploitation_in_china(r, sex)
        if destination:  # online-scam compounds (Cambodia, Laos) and labour abroad
            if sex == F and r < 0.18:
                return ["sexual"], "sexual"
            if r < 0.7:
                return ["forced_labour", "forced_crime"], "scam"
            return (["forced_labour"] if r < 0.9 else ["forced_crime"]), "scam"
        if child:
            if r < 0.35:
                return ["child_labour"], "labour"
            if r < 0.7:
                return (["sexual"] if sex == F else ["forced_begging"]), "sexual" if sex == F else "labour"
            return ["forced_labour"], "labour"
        return _exploitation_at_home(r, sex)

    def _exploitation_in_china(self, r, sex):
        if sex != F:
            return (["forced_labour"] if r < 0.8 else ["forced_labour", "forced_crime"]), "labour"
        if r < 0.55:
            forms = ["forced_marriage"]
            if self.rng.random() < 0.15:
                forms.append("forced_childbearing")
            return forms, "marriage"
        if r < 0.88:
            return ["sexual"], "sexual"
        return ["forced_labour"], "labour"


def _exploitation_at_home(r, sex):
    """Adults exploited in Viet Nam."""
    if sex == F:
        if r < 0.55:
            return ["sexual"], "sexual"
        return (["forced_labour"] if r < 0.85 else ["servitude"]), "labour"
    if r < 0.8:
        return ["forced_labour"], "labour"
    return (["forced_crime"] if r < 0.9 else ["forced_begging"]), "labour"


# --- Writing ---------------------------------------------------------------------------------------------------


class _Writer:
    """Writes plain rows to a model's table: COPY on PostgreSQL, executemany INSERT elsewhere.

    Rows carry Python values for the named fields (identity fields already encrypted, JSON already
    serialised); any other concrete field gets its model default, so a new field with a default
    does not break seeding.
    """

    def __init__(self):
        self.copy = connection.vendor == "postgresql"
        self._plans = {}

    def _plan(self, model, names):
        key = (model, tuple(names))
        if key in self._plans:
            return self._plans[key]
        meta = model._meta
        fields = [meta.get_field(n) for n in names]
        extra_fields, extra_values = [], []
        for f in meta.concrete_fields:
            if f in fields or (f.primary_key and isinstance(f, models.AutoField)) or f.db_default is not NOT_PROVIDED:
                continue
            if not f.has_default() and not f.null:
                raise RuntimeError(f"seed_demo does not fill {meta.label}.{f.name}: update safereturn/demo/cases.py")
            default = f.get_default() if f.has_default() else None
            extra_fields.append(f)
            extra_values.append(f.get_db_prep_save(default, connection) if default is not None else None)
        converters = None
        if not self.copy:
            converters = [
                (lambda v, f=f: f.get_db_prep_save(v, connection))
                if isinstance(getattr(f, "target_field", f), models.UUIDField | models.DateField)
                else None
                for f in fields
            ]
            if not any(converters):
                converters = None
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields + extra_fields)
        plan = (meta.db_table, columns, len(fields) + len(extra_fields), converters, tuple(extra_values))
        self._plans[key] = plan
        return plan

    def write(self, model, names, rows):
        table, columns, width, converters, extra = self._plan(model, names)
        if converters:
            rows = [tuple(c(v) if c else v for c, v in zip(converters, row, strict=True)) + extra for row in rows]
        elif extra:
            rows = [row + extra for row in rows]
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.copy:
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * width)
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({placeholders})",  # noqa: S608
                    rows,
                )


def _reserve_person_ids(count):
    """Ids for new persons: from the table's sequence on PostgreSQL (safe alongside other writers)."""
    if not count:
        return []
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _assign_numbers(cases):
    """Case numbers in received order, from the per-province/year sequences intake uses (one block
    of numbers reserved per province and year, in the caller's transaction)."""
    wanted = Counter((c.province, c.year) for c in cases)
    blocks = {
        (province, year): iter(
            next_numbers(CASE_NUMBER_SERIES, scope=province, year=year, count=wanted[province, year])
        )
        for province, year in sorted(wanted)
    }
    for case in cases:
        case.number = f"{case.province:02d}-{case.year}-{next(blocks[case.province, case.year]):06d}"


def _encrypter(model, name):
    """The field's own encryption (``get_prep_value``), so seeded rows decrypt like any other."""
    return model._meta.get_field(name).get_prep_value


ENCRYPTED_PERSON_FIELDS = ("full_name", "date_of_birth", "id_number", "phone", "address")
PERSON_COLUMNS = ("id", "full_name", "other_names", "date_of_birth", "birth_year", "sex", "nationality", "ethnicity",
                  "id_number", "id_number_index", "phone", "phone_index", "address", "home_province_id",
                  "home_commune_id", "relatives", "merged_into_id", "version", "created_at",
                  "created_by_agency_id", "name_search")  # fmt: skip
CASE_COLUMNS = ("id", "number", "person_id", "status", "channel", "handover_place", "received_at", "reception_place",
                "receiving_agency_id", "responsible_agency_id", "province_id", "commune_id", "route",
                "destination_country", "exploitation_forms", "recruitment_methods", "control_methods",
                "accompanying_children", "accompanying_details", "immediate_needs_met", "risk_level", "risk_notes",
                "circumstances", "person_sex", "age_group", "version", "created_at", "updated_at",
                "created_by_id")  # fmt: skip
PARTICIPANT_COLUMNS = ("case_id", "agency_id", "role", "is_active", "since", "until", "in_agency_jurisdiction",
                       "case_received_at", "case_number", "case_status", "case_channel", "case_age_group",
                       "case_person_sex", "case_exploitation_forms", "basis")  # fmt: skip
# Where a case row holds the fields its participations copy.
CASE_COPY_POSITIONS = tuple(CASE_COLUMNS.index(name) for name in LIST_COPIES)
AGE_GROUP_POSITION = CASE_COLUMNS.index("age_group")
EVENT_COLUMNS = ("case_id", "kind", "occurred_at", "actor_id", "agency_id", "data")
CONSENT_COLUMNS = ("case_id", "processing", "share_with", "given_on", "recorded_by_id", "recorded_by_agency_id",
                   "withdrawn_on", "withdrawn_recorded_by_id", "notes")  # fmt: skip


class CaseSeeder:
    def __init__(self, ctx, support_until=None):
        self.ctx = ctx
        self.writer = _Writer()
        # With a date: the cases' support and shelter records too (support_bulk), up to that day.
        self.support = None
        if support_until is not None:
            self.support = support_bulk.SupportSeeder(ctx, self.writer, support_until, _encrypter)
        self.ledgers = {}
        self.encrypt = {name: _encrypter(Person, name) for name in ENCRYPTED_PERSON_FIELDS}
        self.encrypt_reception_place = _encrypter(Case, "reception_place")
        self.name_key_cache = {}
        self.search_key_cache = {}
        self.counts = Counter()
        # The sharing rule table's legal duties: agency type → [(in force from, until)].
        self.duties = {}
        for code, start, end in SharingRule.objects.filter(basis=SharingBasis.LEGAL_DUTY).values_list(
            "agency_type_code", "effective_from", "effective_to"
        ):
            self.duties.setdefault(code, []).append((start, end))

    def _name_keys(self, full_name):
        # The duplicate finder's own keys; names repeat a lot, so each distinct name is keyed once.
        keys = self.name_key_cache.get(full_name)
        if keys is None:
            if len(self.name_key_cache) > 200_000:
                self.name_key_cache.clear()
            keys = self.name_key_cache[full_name] = tuple(name_keys.name_keys(full_name))
        return keys

    def participants(self, case):
        """``(agency, role)`` of the case's participations, as the services write them: the receiver, the
        responsible agency, the province's lead agency (the "coordinate" rule row in force on the day)
        and the others; a shelter takes part only with the person's consent to share with shelters
        (``cases.sharing``)."""
        return [(agency, role) for agency, role, _basis in self.participations(case)]

    def participations(self, case):
        """``(agency, role, basis)``: ``participants`` with the basis each participation stands on."""
        received_on = case.received_at.date()  # as the plan dates it
        rows = [(case.receiver, vocab.ParticipantRole.RECEIVER, vocab.ShareBasis.OWN)]
        others = []
        if case.responsible.pk != case.receiver.pk:
            others.append((case.responsible, vocab.ParticipantRole.RESPONSIBLE))
        lead = self.ctx.agency(case.province, "syt")
        if lead.pk not in (case.receiver.pk, case.responsible.pk) and "health_department" in competent_agency_types(
            CompetenceAction.COORDINATE, received_on
        ):
            others.append((lead, vocab.ParticipantRole.LEAD))
        seen = {(case.receiver.pk, vocab.ParticipantRole.RECEIVER)}
        for agency, role in [*others, *case.extra]:
            basis = self._basis(case, agency, received_on)
            if (agency.pk, role) in seen or (basis is None and role == vocab.ParticipantRole.REFERRAL_RECIPIENT):
                continue
            seen.add((agency.pk, role))
            rows.append((agency, role, basis or ""))
        return rows

    def _basis(self, case, agency, received_on):
        """The law's duty (a sharing rule row in force on the day received), else the person's consent,
        else None."""
        code = agency.agency_type.code
        periods = self.duties.get(code, ())
        if any(start <= received_on and (end is None or received_on <= end) for start, end in periods):
            return vocab.ShareBasis.LEGAL_DUTY
        if case.consent is not None and f"|{code}|" in (case.consent[1] or ""):
            return vocab.ShareBasis.CONSENT
        return None

    def _search_keys(self, full_name):
        keys = self.search_key_cache.get(full_name)
        if keys is None:
            if len(self.search_key_cache) > 200_000:
                self.search_key_cache.clear()
            keys = self.search_key_cache[full_name] = name_keys.stored_search_keys(full_name)
        return keys

    def write_chunk(self, planned):
        """Write the cases of a chunk that are not in the database yet; returns (written, skipped)."""
        ids = [c.id for c in planned]
        existing = set(Case.objects.filter(pk__in=ids).values_list("pk", flat=True))
        new = [c for c in planned if c.id not in existing]
        skipped = [c for c in planned if c.id in existing]
        if not new:
            return new, skipped
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Synthetic data: a crash may lose the last chunks (a re-run writes them), never corrupt them.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            self._write(new)
        return new, skipped

    def _resolve_people(self, cases):
        """Persons to create, and ids of earlier persons that later cases refer to."""
        unresolved = {c.person.owner for c in cases if c.person.db_id is None and c.person.owner != c.id}
        if unresolved:
            found = dict(Case.objects.filter(pk__in=unresolved).values_list("pk", "person_id"))
            for case in cases:
                person = case.person
                if person.db_id is None and person.owner in found:
                    person.db_id = found[person.owner]
        to_create, seen = [], set()
        for case in cases:
            person = case.person
            if person.db_id is None and id(person) not in seen:
                seen.add(id(person))
                to_create.append(person)
                if person.owner != case.id:  # its first case is gone: this case owns the person now
                    person.owner = case.id
                    case.linked = False
        return to_create

    def _write(self, cases):
        ctx, enc = self.ctx, self.encrypt
        to_create = self._resolve_people(cases)
        for person, pid in zip(to_create, _reserve_person_ids(len(to_create)), strict=True):
            person.db_id = pid
        owner_case = {c.id: c for c in cases}
        person_rows, key_rows = [], []
        for person in to_create:
            first = owner_case[person.owner]
            person_rows.append(
                (
                    person.db_id,
                    enc["full_name"](person.full_name),
                    "",
                    enc["date_of_birth"](person.date_of_birth) if person.date_of_birth else None,
                    person.birth_year,
                    person.sex,
                    "VN",
                    person.ethnicity,
                    enc["id_number"](person.id_number) if person.id_number else "",
                    name_keys.id_index(person.id_number),
                    enc["phone"](person.phone) if person.phone else "",
                    name_keys.phone_index(person.phone),
                    enc["address"](person.address) if person.address else "",
                    person.home_province,
                    person.home_commune,
                    None,
                    None,
                    1,
                    first.created_at,
                    first.receiver.pk,
                    self._search_keys(person.full_name),
                )
            )
            key_rows.extend((person.db_id, key, person.birth_year) for key in self._name_keys(person.full_name))
        _assign_numbers(cases)
        case_rows, participant_rows, event_rows, consent_rows, support_plans = [], [], [], [], []
        for c in cases:
            person = c.person
            officer = ctx.intake_officer.get(c.receiver.pk)
            received_on = c.received_at.date()
            case_rows.append(
                (
                    c.id,
                    c.number,
                    person.db_id,
                    c.status,
                    c.channel,
                    c.handover_place,
                    c.received_at,
                    self.encrypt_reception_place(c.reception_place),
                    c.receiver.pk,
                    c.responsible.pk,
                    c.province,
                    c.commune,
                    vocab.Route.CROSS_BORDER if c.destination else vocab.Route.DOMESTIC,
                    c.destination,
                    c.exploitation,
                    c.recruitment,
                    c.control,
                    c.accompanying_children,
                    None,
                    c.needs,
                    c.risk,
                    "",
                    "",
                    person.sex,
                    age_group_for(person.date_of_birth, person.birth_year, received_on),
                    1,
                    c.created_at,
                    c.created_at,
                    officer,
                )
            )
            copies = tuple(case_rows[-1][i] for i in CASE_COPY_POSITIONS)
            participations = self.participations(c)
            if self.support is not None:
                support_plans.append((c.id, self.support.plan(c, participations, case_rows[-1][AGE_GROUP_POSITION])))
            for agency, role, basis in participations:
                covers = agency.covers(c.province, c.commune)
                participant_rows.append(
                    (c.id, agency.pk, role, True, c.created_at, None, covers, c.received_at, c.number, *copies, basis)
                )
            data = {"channel": c.channel, "number": c.number}
            event_rows.append(
                (c.id, vocab.EventKind.CASE_CREATED, c.created_at, officer, c.receiver.pk, json.dumps(data))
            )
            if c.linked:
                data = json.dumps({"person_id": person.db_id})
                event_rows.append((c.id, vocab.EventKind.PERSON_LINKED, c.created_at, officer, c.receiver.pk, data))
            if c.consent is not None and officer is not None:
                processing, share_with, given_on = c.consent
                consent_rows.append((c.id, processing, share_with, given_on, officer, c.receiver.pk, None, None, ""))
                data = json.dumps({"processing": processing})
                event_rows.append((c.id, vocab.EventKind.CONSENT_RECORDED, c.created_at, officer, c.receiver.pk, data))
        write = self.writer.write
        write(Person, PERSON_COLUMNS, person_rows)
        write(PersonNameKey, ("person_id", "key", "birth_year"), key_rows)
        write(Case, CASE_COLUMNS, case_rows)
        write(CaseParticipant, PARTICIPANT_COLUMNS, participant_rows)
        if self.support is not None:
            event_rows += self.support.write(support_plans, {c.id for c in cases}, support_bulk.reserve_ids)
            self.ledgers = {case_id: len(plan[0]) for case_id, plan in support_plans if plan[0]}
        write(CaseEvent, EVENT_COLUMNS, event_rows)
        write(Consent, CONSENT_COLUMNS, consent_rows)
        self.counts.update(
            persons=len(person_rows),
            name_keys=len(key_rows),
            cases=len(case_rows),
            participants=len(participant_rows),
            events=len(event_rows),
            consents=len(consent_rows),
        )

    def manifest_rows(self, written, skipped):
        """Manifest entries in plan order: written cases from the plan, existing ones read back."""
        rows = {}
        for c in written:
            row = rows[c.id] = {
                "id": str(c.id),
                "number": c.number,
                "province_code": c.province,
                "receiving_agency": c.receiver.name,
                "participant_agencies": list(dict.fromkeys(a.name for a, _r in self.participants(c))),
                "person_full_name": c.person.full_name,
            }
            if self.ledgers.get(c.id):
                row["support_records"] = self.ledgers[c.id]
        if skipped:
            rows.update(manifest_rows_from_db([c.id for c in skipped]))
        order = sorted(written + skipped, key=lambda c: c.index)
        return [rows[c.id] for c in order if c.id in rows]


def manifest_rows_from_db(case_ids):
    """Manifest entries for cases already in the database, keyed by case id."""
    participants = {}
    for case_id, name in (
        CaseParticipant.objects.filter(case_id__in=case_ids, is_active=True)
        .order_by("id")
        .values_list("case_id", "agency__name")
    ):
        participants.setdefault(case_id, {})[name] = None
    cases = Case.objects.filter(pk__in=case_ids).select_related("receiving_agency", "person")
    cases = cases.only("id", "number", "province_id", "receiving_agency__name", "person__full_name")
    return {
        c.pk: {
            "id": str(c.pk),
            "number": c.number,
            "province_code": c.province_id,
            "receiving_agency": c.receiving_agency.name,
            "participant_agencies": list(participants.get(c.pk, {})),
            "person_full_name": c.person.full_name,
        }
        for c in cases
    }


WRITTEN_MODELS = (Person, PersonNameKey, Case, CaseParticipant, CaseEvent, Consent, *support_bulk.WRITTEN_MODELS)


@contextlib.contextmanager
def bulk_load():
    """One transaction in which the written tables' foreign keys are dropped, then added back once the
    rows are in, as ``pg_restore`` does (PostgreSQL only).

    Adding a foreign key checks every row in one join, where a row-by-row load queues one deferred
    check per reference (about 30 per case). Indexes stay, and grow as they would with intake. The
    tables are locked for the whole load, and a load that fails leaves them as they were.
    """
    tables = [m._meta.db_table for m in WRITTEN_MODELS]
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Checks an enclosing transaction has queued run now: PostgreSQL alters no table with checks pending.
        connection.check_constraints()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        yield
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def seed_cases(
    count, seed=2026, until=None, chunk_size=CHUNK_SIZE, on_manifest=None, on_progress=None, bulk=False, support=None
):
    """Create ``count`` demo cases (those not already there); returns a Counter of rows written and timings.

    ``bulk`` (PostgreSQL only) writes them all in one transaction, inside ``bulk_load``. ``support`` (by
    default with ``bulk``) also writes the cases' support records and shelter stays (``support_bulk``).
    """
    from django.utils import timezone

    ctx = DemoContext()
    until = until or timezone.localdate()
    seeder = CaseSeeder(ctx, support_until=until if (bulk if support is None else support) else None)
    started = time.perf_counter()
    done = 0
    with bulk_load() if bulk else contextlib.nullcontext():
        for planned in chunks(Planner(ctx, count, seed, until), chunk_size):
            written, skipped = seeder.write_chunk(planned)
            seeder.counts["skipped"] += len(skipped)
            done += len(planned)
            if on_manifest is not None:
                on_manifest(seeder.manifest_rows(written, skipped))
            if on_progress is not None:
                on_progress(done, count, time.perf_counter() - started)
        if seeder.support is not None:
            seeder.counts["spending months"] = seeder.support.spending_months()
    seeder.counts["seconds"] = time.perf_counter() - started
    if seeder.support is not None:
        seeder.counts.update(seeder.support.counts)
    return seeder.counts


def plan_cases(count, seed=2026, until=None):
    """The plan alone (no writes): (case id, province, receiving agency name, person name) in order."""
    from django.utils import timezone

    yield from Planner(DemoContext(), count, seed, until or timezone.localdate())
