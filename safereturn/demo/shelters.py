"""Demo shelter data: places by group at every demo province's social support centre (from the beds the
directory lists), and — with the scenarios — people staying at Hải Phòng's centre (scenario 4): a
woman rescued at the port whose support nears the 120-day cap, and a few others, one of whom went home.

Made through the services, as the facility's officers would (timeline, audit trail, the cap rule).
Deterministic for a seed (names from one seeded generator; dates count back from the day it runs) and
safe to run again: places already there are left as they are, and a centre with stays is left alone.
"""

import datetime
import random

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.cases import vocab as case_vocab
from safereturn.cases.services import IntakeData, PersonData, intake_record
from safereturn.directory.models import FacilityService, Membership
from safereturn.shelters import services as shelters
from safereturn.shelters.models import FacilityPlaces, Stay

from .cases import FEMALE_GIVEN, FEMALE_MIDDLE, LAST_NAMES, MALE_GIVEN, MALE_MIDDLE

# Shares of a centre's beds by group (women and girls, men and boys, children).
SHARES = (("women", 0.5), ("men", 0.3), ("children", 0.2))
# Scenario 4 and the other residents of Hải Phòng's centre: (sex, age, days since received, days since
# admitted, days since leaving or None, reason for leaving).
RESIDENTS = (
    ("female", 24, 115, 112, None, ""),  # rescued at the port; her support nears the 120-day cap
    ("female", 31, 45, 40, None, ""),
    ("male", 27, 22, 20, None, ""),
    ("female", 15, 12, 10, None, ""),
    ("female", 19, 80, 75, 30, "returned_home"),
)


def _actor(username):
    membership = Membership.objects.select_related(
        "user", "agency__agency_type", "agency__province", "agency__commune"
    ).get(user__username=username, is_active=True)
    return Actor(membership.user, membership)


def seed_places():
    """Places by group at every centre the directory lists with beds (missing rows only)."""
    made = 0
    for service in FacilityService.objects.filter(service_type="accommodation", capacity__gt=0).select_related(
        "agency"
    ):
        left = service.capacity
        for i, (group, share) in enumerate(SHARES):
            places = left if i == len(SHARES) - 1 else round(service.capacity * share)
            left -= places
            _row, created = FacilityPlaces.objects.get_or_create(
                facility=service.agency, group=group, defaults={"places": places}
            )
            made += created
    return made


def _name(rng, sex):
    female = sex == "female"
    last = LAST_NAMES[int(rng.random() * len(LAST_NAMES))]
    middle = (FEMALE_MIDDLE if female else MALE_MIDDLE).pick(rng)
    given_names = FEMALE_GIVEN if female else MALE_GIVEN
    given = given_names[int(rng.random() * len(given_names))]
    while given in (last, middle):
        given = given_names[int(rng.random() * len(given_names))]
    return f"{last} {middle} {given}"


def seed_residents(seed=2026):
    """The people staying at Hải Phòng's centre (scenario 4); none if it already has stays."""
    worker = _actor("hp.ttctxh.case_worker")
    centre = worker.agency
    if Stay.objects.filter(facility=centre).exists():
        return 0
    rng = random.Random(f"safereturn-demo-shelters-{seed}")
    now = timezone.now()
    today = timezone.localdate()
    made = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        for index, (sex, age, received, admitted, left, reason) in enumerate(RESIDENTS):
            received_at = now - datetime.timedelta(days=received, hours=int(rng.random() * 8))
            first = index == 0
            case = intake_record(
                actor=worker,
                data=IntakeData(
                    person=PersonData(full_name=_name(rng, sex), sex=sex, birth_year=received_at.year - age),
                    channel="rescue_domestic" if first else "official_handover",
                    received_at=received_at,
                    province_id=centre.province_id,
                    commune_id=None,
                    route=case_vocab.Route.CROSS_BORDER,
                    destination_country="CN",
                    risk_level="high" if first else "medium",
                    exploitation_forms=["sexual"] if sex == "female" else ["forced_labour"],
                    immediate_needs_met=["food", "accommodation"],
                    consent_processing=True,
                    consent_given_on=timezone.localdate(received_at),
                    **({"handover_place": "port"} if first else {}),
                ),
            )
            stay = shelters.stay_admit(
                actor=worker,
                case=case,
                group="children" if age < 18 else ("women" if sex == "female" else "men"),
                admitted_on=today - datetime.timedelta(days=admitted),
            )
            if left is not None:
                shelters.stay_discharge(
                    actor=worker,
                    case=case,
                    stay=stay,
                    discharged_on=today - datetime.timedelta(days=left),
                    reason=reason,
                    destination="Về gia đình tại địa phương",
                )
            made += 1
        # The warning of the stay nearing its cap, as the daily job would send it.
        shelters.cap_warning_sweep()
    return made


def seed_shelters(seed=2026, residents=False):
    """Places at every centre; with ``residents`` (the scenarios), the people at Hải Phòng's centre."""
    counts = {"shelter places": seed_places()}
    if residents and Membership.objects.filter(user__username="hp.ttctxh.case_worker", is_active=True).exists():
        counts["shelter stays"] = seed_residents(seed)
    return counts
