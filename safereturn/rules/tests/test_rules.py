import datetime

import pytest
from django.core.exceptions import ValidationError

from safereturn.audit.models import AuditEvent
from safereturn.rules import seed
from safereturn.rules.models import (
    AgencyCompetenceRule,
    DeadlineRule,
    DeadlineStep,
    PublicHoliday,
    RuleChange,
    SharingException,
    SharingRule,
)
from safereturn.rules.selectors import (
    RuleError,
    add_days,
    deadline_for,
    is_competent,
    rule_in_force,
    sharing_exceptions,
    sharing_rule_for,
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
    # Friday 29/8/2025; Mon 1/9 and Tue 2/9 are the seeded Quốc khánh days.
    assert add_days(datetime.date(2025, 8, 29), 2, "working_days") == datetime.date(2025, 9, 4)
    assert add_days(datetime.date(2025, 8, 29), 2, "calendar_days") == datetime.date(2025, 8, 31)
    PublicHoliday.objects.create(date=datetime.date(2025, 9, 3), name="Ngày nghỉ bù (thử)")
    assert add_days(datetime.date(2025, 8, 29), 2, "working_days") == datetime.date(2025, 9, 5)


def test_working_days_skip_the_seeded_tet_2026_and_30_april_1_may():
    # Tết Bính Ngọ: Mon 16/2/2026 (29 tháng Chạp) to Fri 20/2/2026 (mùng 4): a whole working week.
    friday = datetime.date(2026, 2, 13)
    assert add_days(friday, 1, "working_days") == datetime.date(2026, 2, 23)
    assert add_days(friday, 5, "working_days") == datetime.date(2026, 2, 27)
    assert add_days(friday, 5, "calendar_days") == datetime.date(2026, 2, 18)
    # Thu 30/4 and Fri 1/5/2026, then the weekend: from Wednesday 29/4 the next working day is Monday 4/5.
    assert add_days(datetime.date(2026, 4, 29), 1, "working_days") == datetime.date(2026, 5, 4)
    # The identity check (15 working days under the rule in force) counted over Tết.
    due, rule = deadline_for("identity", start=datetime.date(2026, 2, 9), rules_date=AFTER)
    assert (rule.days, rule.counting) == (15, "working_days")
    # From Monday 9/2: 15 weekdays would end on Monday 2/3; the five weekdays of Tết move it to Monday 9/3.
    assert due == datetime.date(2026, 3, 9)


def test_seeded_public_holidays_follow_article_112_and_are_marked_to_confirm():
    for year in (2025, 2026, 2027):
        days = PublicHoliday.objects.filter(date__year=year)
        assert days.count() == 11, year  # 1/1, 5 days of Tết, Giỗ Tổ, 30/4, 1/5, 2/9 and 1/9
        assert {(d.month, d.day) for d in days.values_list("date", flat=True)} >= {
            (1, 1),
            (4, 30),
            (5, 1),
            (9, 1),
            (9, 2),
        }
    tet = PublicHoliday.objects.filter(name__startswith="Tết Nguyên đán", date__year=2027).order_by("date")
    assert [d.date for d in tet] == [datetime.date(2027, 2, d) for d in (5, 6, 7, 8, 9)]
    assert "29 tháng Chạp" in tet[0].name and "mùng 1 tháng Giêng" in tet[1].name and "mùng 4" in tet[4].name
    hung_kings = PublicHoliday.objects.filter(name__startswith="Giỗ Tổ").values_list("date", flat=True)
    assert sorted(hung_kings) == [datetime.date(2025, 4, 7), datetime.date(2026, 4, 26), datetime.date(2027, 4, 16)]
    assert PublicHoliday.objects.get(date=datetime.date(2025, 1, 28)).name.startswith("Tết Nguyên đán: 29 tháng Chạp")
    assert all(
        "45/2019/QH14" in c and "112" in c for c in PublicHoliday.objects.values_list("citation_document", flat=True)
    )
    assert not PublicHoliday.objects.filter(verified=True).exists()
    assert seed.load_holidays(PublicHoliday) == 0


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


def test_admin_changes_are_kept_as_history_and_audited(client, make_officer, force_sign_in):
    admin_user = make_officer("system_admin", is_staff=True, is_superuser=True)
    force_sign_in(admin_user)
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


def test_a_changed_competence_rule_takes_effect_at_once_in_this_process():
    import datetime as _dt

    from safereturn.rules.models import AgencyCompetenceRule

    day = _dt.date(2026, 3, 2)
    assert not is_competent("commune_committee", "identify", day)
    rule = AgencyCompetenceRule.objects.filter(action="identify").order_by("-effective_from").first()
    AgencyCompetenceRule.objects.create(
        agency_type_code="commune_committee",
        action="identify",
        effective_from=day,
        citation_document=rule.citation_document,
    )
    assert is_competent("commune_committee", "identify", day)
    assert not is_competent("commune_committee", "identify", day - _dt.timedelta(days=1))
    AgencyCompetenceRule.objects.filter(agency_type_code="commune_committee", effective_from=day).get().delete()
    assert not is_competent("commune_committee", "identify", day)


def test_seeded_sharing_rules_say_which_types_work_by_law_and_which_rely_on_consent():
    for code in ("province_police", "border_guard", "commune_committee"):
        for on_date in (BEFORE, AFTER):
            assert sharing_rule_for(code, on_date).basis == "legal_duty", (code, on_date)
    # The health department by law once victim support moved to the health sector, not before.
    assert sharing_rule_for("health_department", AFTER).basis == "legal_duty"
    assert sharing_rule_for("health_department", datetime.date(2024, 1, 1)) is None
    for code in ("foreign_affairs", "ngo", "social_support_facility"):
        assert sharing_rule_for(code, AFTER).basis == "consent", code
    assert sharing_rule_for("no_such_type", AFTER) is None, "a type with no row relies on consent"
    # Every row cites its law, is "to confirm", and no two versions of a rule overlap.
    for model in (SharingRule, SharingException):
        for row in model.objects.all():
            assert row.citation_document and not row.verified
            row.full_clean()
    codes = {row.code for row in sharing_exceptions(datetime.date(2026, 6, 1))}
    assert codes == {"criminal_proceedings", "life_or_health_emergency", "child_protection"}
    assert seed.load_sharing(SharingRule, SharingException) == 0, "loading again creates nothing"
