"""ISO 3166-1 countries, named in today's usage of the user's language.

Names come from the Unicode CLDR (shipped by Babel), which is maintained and current; pycountry's
old gettext catalogue gave archaic Vietnamese ("Căm Bốt", "Nam Dương", "Miến Điện"). Where Viet
Nam's official usage differs from CLDR, a short reviewed table below overrides it.
"""

import functools

import pycountry
from babel import Locale
from django.utils.translation import get_language
from unidecode import unidecode

# Reviewed overrides: the names Viet Nam's state documents use, where CLDR says otherwise.
OVERRIDES = {
    "vi": {
        "MM": "Myanmar",  # CLDR: "Myanmar (Miến Điện)"
        "TW": "Đài Loan (Trung Quốc)",  # CLDR: "Đài Loan"
        "HK": "Hồng Kông (Trung Quốc)",  # CLDR: "Đặc khu Hành chính Hồng Kông, Trung Quốc"
        "MO": "Ma Cao (Trung Quốc)",  # CLDR: "Đặc khu Hành chính Macao, Trung Quốc"
    },
    "en": {
        "MM": "Myanmar",  # CLDR: "Myanmar (Burma)"
        "TW": "Taiwan (China)",
        "HK": "Hong Kong (China)",  # CLDR: "Hong Kong SAR China"
        "MO": "Macao (China)",
        "VN": "Viet Nam",
    },
}
HOME_COUNTRY = "VN"


def _language(language):
    language = (language or get_language() or "vi")[:2].lower()
    return language if language in OVERRIDES else "vi"


@functools.cache
def _names(language):
    """{alpha-2 code: name} for every ISO 3166-1 country, in ``language``."""
    territories = Locale(language).territories
    overrides = OVERRIDES.get(language, {})
    return {c.alpha_2: overrides.get(c.alpha_2) or territories.get(c.alpha_2) or c.name for c in pycountry.countries}


def country_choices(language=None, include_home=False):
    """(code, name) pairs sorted by name in the language's order; Viet Nam first when included."""
    language = _language(language)
    names = _names(language)
    collate = functools.partial(_sort_key, language)
    rows = sorted(((code, name) for code, name in names.items() if code != HOME_COUNTRY), key=collate)
    return ([(HOME_COUNTRY, names[HOME_COUNTRY])] + rows) if include_home else rows


def _sort_key(language, row):
    # Vietnamese letters with diacritics sort after their base letter; a plain accent-strip keeps
    # "Ả Rập Xê-út" next to "Ai Cập" rather than after "Zimbabwe".
    name = row[1]
    return unidecode(name.replace("Đ", "Dz").replace("đ", "dz")).casefold(), name


def country_name(code, language=None):
    """The country's name; an unknown code is shown as it is, an empty one as ""."""
    if not code:
        return ""
    return _names(_language(language)).get(code.upper(), code)


def is_country_code(code):
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None
