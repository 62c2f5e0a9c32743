"""One count of days for the stay cap (decision 38): the shelter panel's figure (``cap_summary``), the stored last
day of the current stay (which the warning and the work queue read) and the support engine's essential needs
(``food``; ``food_shelter`` for the old regime) agree, whatever mix of stays, transfers, extension decisions of
either kind and essential needs given outside the stays. Then what a payment may do against that count."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from safereturn.cases.models import CaseParticipant
from safereturn.directory.models import FacilityService
from safereturn.shelters import selectors as shelter_selectors
from safereturn.shelters import services as shelters
from safereturn.shelters.models import FacilityPlaces, Stay
from safereturn.support import entitlements, services
from safereturn.support.models import SupportRecord
from safereturn.testing.personas import actor_of, new_agency, new_officer, record_case


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English here (the Vietnamese ones are the catalogue's)."""
    with translation.override("en"):
        yield


REFERENCE = {"number": "21/QĐ-TTCTXH", "signer_name": "Trần Thị Bình", "signer_title": "Giám đốc"}


def today():
    return timezone.localdate()


def ago(n):
    return today() - datetime.timedelta(days=n)


@dataclass
class Shelter:
    facility: object
    other: object
    worker: object
    director: object

    def case(self, received_days_ago=200, **fields):
        fields.setdefault("received_at", timezone.now() - datetime.timedelta(days=received_days_ago))
        case = record_case(self.worker, **fields)
        CaseParticipant.objects.create(case=case, agency=self.other, role="referral_recipient")
        return case


@pytest.fixture
def shelter(db):
    facility = new_agency("social_support_facility", name="Trung tâm Công tác xã hội (thử)", short_name="TT")
    other = new_agency("social_support_facility", name="Cơ sở trợ giúp xã hội số 2 (thử)", short_name="CS2")
    for agency in (facility, other):
        FacilityService.objects.create(agency=agency, service_type="accommodation", capacity=10)
        FacilityPlaces.objects.create(facility=agency, group="women", places=5)
    return Shelter(
        facility,
        other,
        actor_of(new_officer("case_worker", agency=facility)),
        actor_of(new_officer("supervisor", agency=facility)),
    )


# ---- the steps a row of the table is made of -------------------------------------------------------------


def admit(s, case, n):
    return shelters.stay_admit(actor=s.worker, case=case, group="women", admitted_on=ago(n))


def leave(s, case, n):
    stay = Stay.objects.get(case=case, discharged_on__isnull=True)
    shelters.stay_discharge(actor=s.worker, case=case, stay=stay, discharged_on=ago(n), reason="returned_home")


def transfer(s, case, n):
    stay = Stay.objects.get(case=case, discharged_on__isnull=True)
    shelters.stay_transfer(
        actor=s.worker, case=case, stay=stay, to_facility_id=s.other.pk, transferred_on=ago(n), group="women"
    )


def extend_stay(s, case, extra):
    stay = Stay.objects.get(case=case, discharged_on__isnull=True)
    shelters.stay_extend(
        actor=s.director,
        case=case,
        stay=stay,
        new_end=stay.allowed_until + datetime.timedelta(days=extra),
        decision_number="9/QĐ-TTCTXH",
        decided_on=today(),
        reason="Chưa có nơi ở an toàn",
    )


def extend_support(s, case, extra):
    services.decision_record(
        actor=s.director,
        case=case,
        kind="extend_cap",
        item_code="food",
        decided_on=today(),
        reason="Chưa có nơi ở an toàn",
        extra_units=extra,
        **REFERENCE,
    )


def food(case, first_ago, days):
    start = ago(first_ago)
    return {
        "item_code": "food",
        "provider_kind": "other",
        "provider_name": "UBND phường",
        "date_from": start,
        "date_to": start + datetime.timedelta(days=days - 1),
        "quantity": days,
    }


def paid_outside(s, case, first_ago, days):
    services.record_add(actor=s.worker, case=case, data=food(case, first_ago, days))


STEPS = {
    "admit": admit,
    "leave": leave,
    "transfer": transfer,
    "extend_stay": extend_stay,
    "extend_support": extend_support,
}


def run(s, case, steps):
    for name, *args in steps:
        if name == "paid_outside":
            paid_outside(s, case, *args)
        else:
            STEPS[name](s, case, *args)


# ---- the table ---------------------------------------------------------------------------------------------
# steps (days ago), then: days used to today inclusive, the cap with its extensions, the current stay's last day
# (days from today, None: nobody stays), near the cap (within the rule's 14 days' warning).
COUNTS = [
    ("one stay, 100 days in", [("admit", 99)], 100, 120, 20, False),
    ("one stay, within the warning", [("admit", 109)], 110, 120, 10, True),
    ("on the last day", [("admit", 119)], 120, 120, 0, True),
    ("a finished stay's nights count, the gap does not", [("admit", 150), ("leave", 120), ("admit", 49)], 80, 120,
     40, False),
    ("a transfer carries the count", [("admit", 99), ("transfer", 30)], 100, 120, 20, False),
    ("the director's extension", [("admit", 109), ("extend_stay", 30)], 110, 150, 40, False),
    ("a support decision extends the stay too", [("admit", 109), ("extend_support", 30)], 110, 150, 40, False),
    ("both decisions add up", [("admit", 109), ("extend_stay", 10), ("extend_support", 20)], 110, 150, 40, False),
    ("an extension survives a transfer", [("admit", 109), ("extend_stay", 30), ("transfer", 5)], 110, 150, 40,
     False),
    ("a support decision before the admission", [("extend_support", 30), ("admit", 9)], 10, 150, 140, False),
    ("essential needs given at home before the stay", [("paid_outside", 150, 20), ("admit", 89)], 110, 120, 10,
     True),
    ("essential needs given at home between stays", [("admit", 150), ("leave", 120), ("paid_outside", 119, 30),
                                                     ("admit", 59)], 120, 120, 0, True),
    ("support paid during the stay is not counted twice", [("admit", 99), ("paid_outside", 99, 50)], 100, 120,
     20, False),
    ("no stay: the days given at home", [("paid_outside", 150, 100)], 100, 120, None, False),
    ("no stay, nothing given", [], 0, 120, None, False),
]  # fmt: skip


@pytest.mark.parametrize(("label", "steps", "used", "total", "last_day", "near"), COUNTS, ids=[c[0] for c in COUNTS])
def test_the_shelter_panel_the_stay_and_the_engine_count_the_same_days(
    shelter, label, steps, used, total, last_day, near
):
    case = shelter.case()
    run(shelter, case, steps)
    until = today() + datetime.timedelta(days=last_day) if last_day is not None else None
    # The shelters' count, and the current stay's stored last day (what the warning sweep and the queue read).
    count = shelters.cap_count(case)
    assert (count.days_used, count.total_days, count.until, count.near) == (used, total, until, near)
    current = Stay.objects.filter(case=case, discharged_on__isnull=True).first()
    assert (current.allowed_until if current else None) == until
    # The shelter panel.
    summary = shelter_selectors.cap_summary(case, shelter_selectors.case_stays(case))
    assert (summary["days_used"], summary["cap_days"], summary["allowed_until"]) == (used, total, until)
    assert summary["near"] == (near and current is not None)
    # The support engine's essential needs: the same figures.
    food = entitlements.entitlement_for(entitlements.for_case(case), "food")
    assert (food.given, food.cap_units, food.until, food.remaining) == (used, total, until, max(total - used, 0))
    assert food.near_cap == near
    assert any(c.role == "cap" and "162/2025" in c.text_vi for c in food.citations)


def test_the_old_regime_counts_three_months_of_shelter_food_with_the_stays(shelter):
    case = shelter.case(received_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 9)))
    shelters.stay_admit(actor=shelter.worker, case=case, group="women", admitted_on=datetime.date(2025, 6, 10))
    food = entitlements.entitlement_for(entitlements.for_case(case, on=datetime.date(2025, 7, 9)), "food_shelter")
    count = shelters.cap_count(case, today=datetime.date(2025, 7, 9))
    assert food.cap_units == count.total_days == 92  # 10 June to 9 September
    assert food.until == datetime.date(2025, 9, 9) and food.given == count.days_used == 30


def test_the_warning_sweep_follows_a_support_decision(shelter):
    case = shelter.case()
    admit(shelter, case, 115)
    assert shelters.cap_warning_sweep() == 1
    extend_support(shelter, case, 30)
    stay = Stay.objects.get(case=case)
    assert stay.allowed_until == today() + datetime.timedelta(days=34) and stay.warned_at is None
    assert shelters.cap_warning_sweep() == 0  # 34 days left: not within the 14 days' warning


# ---- payments against the one count ----------------------------------------------------------------------


def refused(s, case, data, field):
    before = SupportRecord.objects.count(), list(Stay.objects.values_list("allowed_until", flat=True))
    with pytest.raises(ValidationError) as caught:
        services.record_add(actor=s.worker, case=case, data=data)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert (SupportRecord.objects.count(), list(Stay.objects.values_list("allowed_until", flat=True))) == before
    return caught.value.message_dict[field][0]


def test_days_of_a_stay_are_paid_up_to_its_last_day_and_not_after(shelter):
    case = shelter.case()
    stay = admit(shelter, case, 119)  # today is the last day
    services.record_add(actor=shelter.worker, case=case, data=food(case, 119, 120))
    stay.refresh_from_db()
    assert stay.allowed_until == today()  # paid inside the stay: counted once, the last day does not move
    extend_stay(shelter, case, 10)
    leave(shelter, case, 0)
    # 119 nights, and the food paid for today (the day she left, not a night of the stay): 120 of 130 days.
    assert shelters.cap_count(case).days_used == 120
    # Days outside the stay (before it, at home) use what is left.
    assert "Only 10 days are left" in refused(shelter, case, food(case, 140, 11), "quantity")
    services.record_add(actor=shelter.worker, case=case, data=food(case, 140, 10))
    assert shelters.cap_count(case).days_left == 0


def test_a_payment_inside_a_stay_after_its_last_day_is_refused(shelter):
    case = shelter.case()
    admit(shelter, case, 125)  # the stay's support ended 6 days ago; the person is still there
    services.record_add(actor=shelter.worker, case=case, data=food(case, 10, 5))  # to the last day: allowed
    message = refused(shelter, case, food(case, 5, 2), "date_to")
    assert ago(6).strftime("%d/%m/%Y") in message
    extend_stay(shelter, case, 30)
    services.record_add(actor=shelter.worker, case=case, data=food(case, 5, 2))


def test_days_at_home_beyond_what_is_left_are_refused_and_shorten_the_stay_when_allowed(shelter):
    case = shelter.case()
    paid_outside(shelter, case, 150, 100)
    assert "Only 20 days are left" in refused(shelter, case, food(case, 40, 21), "quantity")
    stay = admit(shelter, case, 9)
    assert stay.allowed_until == ago(9) + datetime.timedelta(days=19)
    paid_outside(shelter, case, 30, 5)  # back-dated days at home before this stay: the stay's last day moves
    stay.refresh_from_db()
    assert stay.allowed_until == ago(9) + datetime.timedelta(days=14)
