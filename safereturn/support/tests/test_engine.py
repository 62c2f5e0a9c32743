"""The entitlement engine, table-driven over the seeded rule rows (no database: the rows are built from
``support.seed`` as unsaved model instances and the engine is pure)."""

import datetime

import pytest
from django.utils import translation

from safereturn.support import seed
from safereturn.support.entitlements import Facts, entitlement_for, entitlements, snapshot_of
from safereturn.support.models import EntitlementItem, SupportRate, SupportRegime

RULES = snapshot_of(
    [SupportRegime(**row) for row in seed.regime_rows()],
    [EntitlementItem(**row) for row in seed.item_rows()],
    [SupportRate(**row) for row in seed.rate_rows()],
)

BEFORE = datetime.date(2025, 6, 30)  # the last day of the old rules
AFTER = datetime.date(2025, 7, 1)  # the first day of the new rules
ON = datetime.date(2025, 8, 15)
CAN_THO = 92  # has a (demo) override of the new food rate and hardship allowance
TUYEN_QUANG = 8  # has Hà Giang's 15/2020 figures for the old rules
DA_NANG = 48  # no override

# Law 53/2024 Art. 37 restated from MISSION.md "Legal basis" (not read from the seed): regimes by status.
NEW_REGIMES = {
    "victim": {
        "essential_needs",
        "medical",
        "interpretation",
        "legal_advice",
        "legal_aid",
        "travel",
        "psychological",
        "schooling",
        "vocational",
        "hardship_allowance",
        "loans",
    },
    "accompanying_child": {
        "essential_needs",
        "medical",
        "interpretation",
        "legal_advice",
        "legal_aid",
        "travel",
        "psychological",
        "schooling",
    },
    "identified_abroad": {"essential_needs", "medical", "interpretation", "legal_advice"},
    "identified_in_vn": {
        "essential_needs",
        "medical",
        "interpretation",
        "legal_advice",
        "legal_aid",
        "travel",
        "psychological",
    },
    "foreign_victim": {"essential_needs", "medical", "interpretation", "legal_advice", "legal_aid", "psychological"},
}
STATUSES = list(NEW_REGIMES)


def answer(status, received_on, province_id=None, on=ON, child=False, **kwargs):
    facts = Facts(status=status, received_on=received_on, province_id=province_id, child=child, **kwargs)
    return entitlements(facts, on=on, rules=RULES)


def regimes_entitled(answers):
    return {e.regime_code for e in answers if e.entitled}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("province", [CAN_THO, DA_NANG])
def test_new_rules_give_the_regimes_of_article_37(status, province):
    answers = answer(status, AFTER, province, child=True)
    assert regimes_entitled(answers) == NEW_REGIMES[status]
    assert {e.side for e in answers} == {"new"}
    for e in answers:
        if e.regime_code in NEW_REGIMES[status]:
            assert "53/2024" in e.why_vi + e.why_en or "162/2025" in e.why_vi + e.why_en
            assert any("53/2024" in c.text_vi for c in e.citations if c.role == "regime")
        else:
            assert not e.entitled
            assert e.remaining == 0


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("province", [TUYEN_QUANG, DA_NANG])
def test_cases_received_before_1_july_2025_keep_the_old_rules(status, province):
    answers = answer(status, BEFORE, province, child=True)
    assert answers, "the old rules have items"
    assert {e.side for e in answers} == {"old"}
    assert {e.item_code for e in answers} >= {"food_shelter", "travel_food"}
    for e in answers:
        assert any(c.role == "regime" and "2011" in c.text_en for c in e.citations)
        if e.entitled:
            assert "2011" in e.why_en


@pytest.mark.parametrize(
    ("received_on", "province", "item", "amount", "document"),
    [
        (AFTER, CAN_THO, "food", 80_000, "Cần Thơ"),
        (AFTER, DA_NANG, "food", 70_000, "162/2025"),
        (AFTER, CAN_THO, "hardship_allowance", 2_000_000, "Cần Thơ"),
        (AFTER, DA_NANG, "hardship_allowance", 1_500_000, "162/2025"),
        (BEFORE, TUYEN_QUANG, "food_shelter", 60_000, "Hà Giang"),
        (BEFORE, DA_NANG, "food_shelter", 40_000, "84/2019"),
        (BEFORE, TUYEN_QUANG, "hardship_allowance", 3_000_000, "Hà Giang"),
        (BEFORE, DA_NANG, "hardship_allowance", 1_000_000, "84/2019"),
    ],
)
def test_a_provincial_resolution_overrides_the_national_default(received_on, province, item, amount, document):
    e = entitlement_for(answer("victim", received_on, province), item)
    assert e.entitled
    assert e.amount_per_unit == amount
    assert e.rate_province_id == (province if province != DA_NANG else None)
    rate_citation = next(c for c in e.citations if c.role == "rate")
    assert document in rate_citation.text_vi
    assert document in e.why_vi and document in e.why_en or document == "Cần Thơ" and "Cần Thơ" in e.why_vi


def test_the_food_while_travelling_floor_is_verified_and_says_at_least():
    e = entitlement_for(answer("victim", BEFORE, DA_NANG), "travel_food")
    assert e.amount_per_unit == 70_000 and e.minimum
    assert next(c for c in e.citations if c.role == "rate").verified
    assert not e.verified  # the old rules' statuses are still to confirm
    with translation.override("en"):
        assert "at least" in e.why_en


def test_an_unverified_figure_says_so():
    e = entitlement_for(answer("victim", AFTER, DA_NANG), "food")
    assert not e.verified
    assert "to confirm" in e.why_en
    assert "xác nhận" in e.why_vi


def test_essential_needs_stop_after_120_days():
    e = entitlement_for(answer("victim", AFTER, DA_NANG, on=AFTER), "food")
    assert e.cap_units == 120
    assert e.until == AFTER + datetime.timedelta(days=119)
    assert e.remaining == 120
    assert e.total_cap_amount == 120 * 70_000
    later = entitlement_for(answer("victim", AFTER, DA_NANG, on=AFTER + datetime.timedelta(days=120)), "food")
    assert later.remaining == 0 and later.cap_reached
    assert "ended" in later.why_en


def test_days_given_count_against_the_cap():
    e = entitlement_for(answer("victim", AFTER, DA_NANG, on=AFTER, given={"food": 100}), "food")
    assert e.remaining == 20 and e.given == 100
    full = entitlement_for(answer("victim", AFTER, DA_NANG, on=AFTER, given={"food": 120}), "food")
    assert full.cap_reached


def test_an_extension_decision_moves_the_cap():
    e = entitlement_for(
        answer("victim", AFTER, DA_NANG, on=AFTER, given={"food": 120}, extensions={"food": 30}), "food"
    )
    assert e.cap_units == 150
    assert e.remaining == 30
    assert e.until == AFTER + datetime.timedelta(days=149)
    assert "decision" in e.why_en


def test_an_extension_does_not_apply_to_an_item_that_is_not_extendable():
    e = entitlement_for(answer("victim", BEFORE, DA_NANG, on=BEFORE, extensions={"food_shelter": 30}), "food_shelter")
    assert e.cap_units == 3


def test_shelter_food_under_the_old_rules_lasts_three_months():
    received = datetime.date(2025, 3, 10)
    e = entitlement_for(answer("victim", received, DA_NANG, on=received), "food_shelter")
    assert e.cap_unit == "month" and e.cap_units == 3
    assert e.until == datetime.date(2025, 6, 9)
    assert e.remaining == (e.until - received).days + 1
    assert "84/2019" in e.why_vi


@pytest.mark.parametrize(("given", "remaining"), [(0, 1), (1, 0), (2, 0)])
def test_one_off_limits(given, remaining):
    e = entitlement_for(answer("victim", AFTER, DA_NANG, given={"hardship_allowance": given}), "hardship_allowance")
    assert e.cap_units == 1 and e.remaining == remaining
    assert e.total_cap_amount == 1_500_000
    assert e.cash


@pytest.mark.parametrize(
    ("status", "child", "entitled"),
    [
        ("victim", True, True),
        ("victim", False, False),
        ("accompanying_child", False, True),
        ("identified_in_vn", True, False),
    ],
)
def test_schooling_under_article_24_is_for_children(status, child, entitled):
    answers = answer(status, AFTER, DA_NANG, child=child)
    for code in ("lessons", "tuition_exemption", "school_supplies"):
        e = entitlement_for(answers, code)
        assert e.entitled is entitled
        assert any(c.role == "item" and "162/2025" in c.text_vi and "24" in c.text_vi for c in e.citations)
    supplies = entitlement_for(answers, "school_supplies")
    if entitled:
        assert supplies.cap_units == 2 and supplies.remaining == 2  # the first school year and the next
    assert entitlement_for(answers, "lessons").setting == "facility"
    assert entitlement_for(answers, "tuition_exemption").setting == "community"


def test_no_status_no_entitlement():
    answers = answer("", AFTER, DA_NANG)
    assert answers and not any(e.entitled for e in answers)
    assert all(e.total_cap_amount is None for e in answers)


def test_rates_follow_the_date_asked_and_rules_the_date_received():
    # a case received before 1 July 2025 asked about in 2026: old items, old rates still in force
    e = entitlement_for(answer("victim", BEFORE, DA_NANG, on=datetime.date(2026, 3, 1)), "travel_food")
    assert e.side == "old" and e.amount_per_unit == 70_000
    # before Circular 84/2019 came into force, no rate: the answer says so
    early = entitlement_for(
        answer("victim", datetime.date(2015, 5, 1), DA_NANG, on=datetime.date(2015, 5, 1)), "clothing"
    )
    assert early.amount_per_unit is None
    assert "rate table" in early.why_en


def test_the_answer_is_in_vietnamese_and_english():
    e = entitlement_for(answer("victim", AFTER, DA_NANG), "food")
    assert "Được hưởng" in e.why_vi
    assert "Entitled" in e.why_en


@pytest.mark.parametrize(("given", "near"), [(100, False), (110, True), (119, True), (120, False)])
def test_the_panel_warns_when_the_120_day_cap_is_near(given, near):
    e = entitlement_for(answer("victim", AFTER, DA_NANG, on=AFTER, given={"food": given}), "food")
    assert e.near_cap is near
    assert ("near" in e.why_en) is near
