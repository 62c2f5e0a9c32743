"""Country names come from the Unicode CLDR (Babel) with a short reviewed table of overrides."""

import pytest
from django.utils import translation

from safereturn.geo.countries import country_choices, country_name

NEIGHBOURS_AND_DESTINATIONS = {
    "KH": "Campuchia",
    "LA": "Lào",
    "CN": "Trung Quốc",
    "MM": "Myanmar",
    "TH": "Thái Lan",
    "MY": "Malaysia",
    "KR": "Hàn Quốc",
    "JP": "Nhật Bản",
    "TW": "Đài Loan (Trung Quốc)",
}


@pytest.mark.parametrize("code, name", NEIGHBOURS_AND_DESTINATIONS.items())
def test_neighbours_and_common_destinations_in_todays_vietnamese(code, name):
    assert country_name(code, "vi") == name
    assert (code, name) in country_choices("vi")


def test_no_archaic_or_garbled_names_in_the_vietnamese_list():
    names = [name for _code, name in country_choices("vi")]
    for archaic in ("Căm Bốt", "Nam Dương", "Miến Điện", "Nam Hàn", "Ai-xợ-bai-gianh"):
        assert archaic not in names
    assert not any(word in name for name in names for word in ("Nam Hàn", "Căm Bốt", "Nam Dương", "Miến Điện"))
    assert "Indonesia" in names and "Séc" in names and "Azerbaijan" in names


def test_english_ui_gets_english_names_and_the_active_language_is_used():
    assert country_name("KH", "en") == "Cambodia"
    assert country_name("TW", "en") == "Taiwan (China)"
    with translation.override("en"):
        assert country_name("KR") == "South Korea"
        assert country_choices(include_home=True)[0] == ("VN", "Viet Nam")
    with translation.override("vi"):
        assert country_name("VN") == "Việt Nam"
        assert country_choices(include_home=True)[0] == ("VN", "Việt Nam")


def test_unknown_and_empty_codes():
    assert country_name("", "vi") == ""
    assert country_name("XX", "vi") == "XX"


def test_vietnamese_order_puts_accented_letters_next_to_their_base_letter():
    names = [name for _code, name in country_choices("vi")]
    assert names.index("Ả Rập Xê-út") < names.index("Ba Lan")
    assert names.index("Đài Loan (Trung Quốc)") > names.index("Dominica")
