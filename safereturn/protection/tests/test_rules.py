"""The rule tables: the measures of each regime, cited and "to confirm"; the alert and review timing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from safereturn.protection import services
from safereturn.protection.models import ProtectionMeasureType, ProtectionTiming
from safereturn.rules.selectors import in_force

pytestmark = pytest.mark.django_db


def test_each_regime_has_its_cited_measures_marked_to_confirm():
    old = in_force(ProtectionMeasureType, datetime.date(2025, 6, 30))
    new = in_force(ProtectionMeasureType, datetime.date(2025, 7, 1))
    assert {m.citation_document for m in old} == {"Decree 62/2012/NĐ-CP"}
    assert {m.citation_article for m in old} == {"7"}
    assert {m.citation_document for m in new} == {"Decree 162/2025/NĐ-CP (29/6/2025)"}
    codes = {"protect_residence", "keep_confidential", "restrict_contact", "escort", "change_residence", "other"}
    assert codes <= {m.code for m in old} and codes <= {m.code for m in new}
    assert not ProtectionMeasureType.objects.filter(verified=True).exists()
    escort = new.get(code="escort")
    assert escort.protects_list == ["victim", "accompanying_child"]


def test_the_timing_is_a_rule_row_to_confirm():
    timing = services.timing_on(datetime.date(2026, 12, 6))
    assert (timing.acknowledge_minutes, timing.escalate_after_minutes) == (30, 120)
    assert timing.measure_review_days == 30 and not timing.verified
    assert timing.citation_document


def test_a_second_version_overlapping_the_first_is_refused():
    row = ProtectionMeasureType(
        code="escort",
        name_vi="x",
        name_en="x",
        protects="victim",
        effective_from=datetime.date(2026, 1, 1),
        citation_document="x",
    )
    with pytest.raises(ValidationError):
        row.full_clean()


def test_a_case_received_before_1_july_2025_gets_the_old_measures(make_case, personas):
    personas.build("health_supervisor")
    old_case = make_case(received_at=datetime.datetime(2025, 6, 20, 9, tzinfo=datetime.UTC))
    new_case = make_case()
    assert {m.citation_article for m in services.measure_types_for(old_case)} == {"7"}
    assert {m.effective_from for m in services.measure_types_for(new_case)} == {datetime.date(2025, 7, 1)}
    assert ProtectionTiming.objects.count() == 1
