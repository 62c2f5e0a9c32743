import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safereturn.geo.models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province
from safereturn.geo.selectors import (
    commune_for_legacy_commune,
    communes_in_province,
    province_for_legacy_province,
    resolve_legacy_address,
)
from safereturn.geo.services import geography_load

pytestmark = pytest.mark.django_db


def test_todays_units_are_complete():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Commune.objects.filter(province__isnull=True).count() == 0


def test_former_units_are_complete():
    assert LegacyProvince.objects.count() == 63
    assert LegacyDistrict.objects.count() == 696
    assert LegacyCommune.objects.count() > 10000


def test_loading_again_changes_nothing():
    before = (Province.objects.count(), Commune.objects.count(), LegacyCommune.objects.count())
    counts = geography_load()
    assert (counts["provinces"], counts["communes"], counts["legacy_communes"]) == before


@pytest.mark.parametrize(
    "legacy_code, legacy_name, today_code",
    [
        (94, "Sóc Trăng", 92),  # now part of Cần Thơ
        (93, "Hậu Giang", 92),
        (49, "Quảng Nam", 48),  # now part of Đà Nẵng
        (30, "Hải Dương", 31),  # now part of Hải Phòng
        (82, "Tiền Giang", 82),  # merged into today's Đồng Tháp (which took code 82)
        (87, "Đồng Tháp", 82),
        (1, "Hà Nội", 1),
    ],
)
def test_former_province_maps_to_todays(legacy_code, legacy_name, today_code):
    legacy = LegacyProvince.objects.get(code=legacy_code)
    assert legacy_name in legacy.name
    assert province_for_legacy_province(legacy_code).code == today_code


def test_every_former_commune_rolls_up_inside_its_provinces_successor():
    mismatched = (
        LegacyCommune.objects.exclude(successor__province_id=models_f("legacy_district__legacy_province__successor_id"))
        .values_list("code", flat=True)
        .count()
    )
    assert LegacyCommune.objects.filter(successor__isnull=True).count() == 0
    assert mismatched == 0


def models_f(path):
    from django.db.models import F

    return F(path)


def test_former_commune_maps_to_todays_commune():
    # Phường 1 of the former Sóc Trăng city is today's Phường Phú Lợi, Cần Thơ.
    legacy = LegacyCommune.objects.get(code=31522)
    assert legacy.legacy_district.legacy_province.code == 94
    today = commune_for_legacy_commune(31522)
    assert today.name == "Phường Phú Lợi"
    assert today.province_id == 92


def test_old_address_text_resolves_to_todays_units():
    resolved = resolve_legacy_address("Phường 1, Thành phố Sóc Trăng, Tỉnh Sóc Trăng")
    assert resolved.province.code == 92
    assert resolved.commune.name == "Phường Phú Lợi"
    assert resolved.legacy_province_code == 94


def test_unparseable_address_resolves_to_nothing():
    resolved = resolve_legacy_address("")
    assert resolved.province is None and resolved.commune is None


def test_communes_of_a_province_is_one_indexed_lookup():
    with CaptureQueriesContext(connection) as queries:
        communes = list(communes_in_province(92))
    assert len(queries) == 1
    assert len(communes) == Commune.objects.filter(province__code=92).count() > 50
    constraints = connection.introspection.get_constraints(connection.cursor(), Commune._meta.db_table)
    indexed_columns = [c["columns"] for c in constraints.values() if c["index"] or c["primary_key"]]
    assert any(cols and cols[0] == "province_id" for cols in indexed_columns)
