import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from safereturn.audit.models import AuditEvent
from safereturn.rules import seed
from safereturn.rules.models import AgencyCompetenceRule, DeadlineRule, DeadlineStep, PublicHoliday, RuleChange
from safereturn.rules.selectors import (
    RuleError,
    add_days,
    deadline_for,
    is_competent,
    rule_in_force,
)

pytestmark = pytest.mark.django_db
BEFORE, AFTER = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)


@pytest.mark.parametrize("step", DeadlineStep.values)
@pytest.mark.parametrize("on_date", [datetime.date(2014, 5, 1), BEFORE, AFTER, datetime.date(2031, 1, 1)])
def test_every_step_has_exactly_one_seeded_rule_on_each_side_of_1_july_2025(step, on_date):
    rule = rule_in_force(DeadlineRule, on_date, step=step)
    assert rule.citation_document
    assert ("53/2024" in rule.citation_document) == (on_date >= AFTER)
    assert ("62/2012" in rule.citation_document) == (on_date < AFTER)


@pytest.mark.parametrize("step", DeadlineStep.values)
def test_each_configurable_step_counts_its_deadline_from_its_rule(step):
    start = datetime.date(2025, 9, 5)  # a Friday
    for rules_date in (BEFORE, AFTER):
        rule = rule_in_force(DeadlineRule, rules_date, step=step)
        due, used = deadline_for(step, start=start, rules_date=rules_date)
        assert used == rule
        assert due == add_days(start, rule.days, rule.counting)
        assert due > start


def test_initial_verification_is_3_days_under_the_2024_law_and_the_rule_is_chosen_by_the_case_date():
    DeadlineRule.objects.filter(step="initial").delete()
    DeadlineRule.objects.create(
        step="initial",
        days=5,
        counting="working_days",
        effective_from=datetime.date(2012, 1, 1),
        effective_to=BEFORE,
        citation_document="Joint Circular 01/2014",
    )
    DeadlineRule.objects.create(
        step="initial",
        days=3,
        counting="calendar_days",
        effective_from=AFTER,
        citation_document="Law 53/2024/QH15",
    )
    friday = datetime.date(2025, 7, 4)
    assert deadline_for("initial", start=friday, rules_date=BEFORE)[0] == datetime.date(2025, 7, 11)
    assert deadline_for("initial", start=friday, rules_date=AFTER)[0] == datetime.date(2025, 7, 7)


def test_seeded_initial_verification_after_july_2025_is_three_days():
    assert rule_in_force(DeadlineRule, AFTER, step="initial").days == 3


def test_working_days_skip_weekends_and_public_holidays():
    PublicHoliday.objects.create(date=datetime.date(2025, 9, 1), name="Quốc khánh")
    PublicHoliday.objects.create(date=datetime.date(2025, 9, 2), name="Quốc khánh")
    assert add_days(datetime.date(2025, 8, 29), 2, "working_days") == datetime.date(2025, 9, 4)
    assert add_days(datetime.date(2025, 8, 29), 2, "calendar_days") == datetime.date(2025, 8, 31)


def test_no_rule_or_two_rules_is_a_clear_error():
    with pytest.raises(RuleError, match="Không có quy định thời hạn"):
        rule_in_force(DeadlineRule, datetime.date(2000, 1, 1), step="initial")
    DeadlineRule.objects.create(
        step="initial",
        days=9,
        counting="calendar_days",
        effective_from=datetime.date(2030, 1, 1),
        citation_document="X",
    )
    with pytest.raises(RuleError, match="Có nhiều hơn một"):
        rule_in_force(DeadlineRule, datetime.date(2030, 6, 1), step="initial")


def test_overlapping_versions_are_refused_by_validation():
    rule = DeadlineRule(
        step="identity",
        days=9,
        counting="calendar_days",
        effective_from=datetime.date(2026, 1, 1),
        citation_document="X",
    )
    with pytest.raises(ValidationError):
        rule.full_clean()
    current = rule_in_force(DeadlineRule, datetime.date(2026, 1, 1), step="identity")
    current.effective_to = datetime.date(2025, 12, 31)
    current.full_clean()
    current.save()
    rule.full_clean()


def test_competence_is_chosen_by_date():
    assert is_competent("commune_committee", "identify", BEFORE)
    assert not is_competent("commune_committee", "identify", AFTER)
    assert is_competent("province_police", "identify", AFTER)
    assert not is_competent("health_facility", "verify", AFTER)


def test_seeded_rows_are_marked_to_confirm_and_loading_again_creates_nothing():
    assert not DeadlineRule.objects.filter(verified=True).exists()
    assert not AgencyCompetenceRule.objects.filter(verified=True).exists()
    assert seed.load(DeadlineRule, AgencyCompetenceRule) == 0


@override_settings(SAFERETURN_REQUIRE_2FA=False)
def test_admin_changes_are_kept_as_history_and_audited(client, make_officer):
    admin_user = make_officer("system_admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    rule = rule_in_force(DeadlineRule, AFTER, step="identity")
    url = f"/admin/rules/deadlinerule/{rule.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "step": rule.step,
        "days": 12,
        "counting": rule.counting,
        "effective_from": "2025-07-01",
        "effective_to": "",
        "citation_document": rule.citation_document,
        "citation_article": "24",
        "citation_clause": "2",
        "verified": "on",
        "notes": "Checked",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = RuleChange.objects.get(rule_type="rules.deadlinerule", rule_id=rule.pk)
    assert change.before["days"] == "15" and change.after["days"] == "12" and change.changed_by == admin_user
    assert AuditEvent.objects.filter(action="admin_change", object_type="rules.deadlinerule").exists()
    assert "12" in client.get(url).content.decode()
