"""ISO 3166-1 countries with names in the user's language (from pycountry's translations)."""

import functools
import gettext

import pycountry
from django.utils.translation import get_language


@functools.cache
def _translator(language):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def country_choices(language=None):
    language = (language or get_language() or "vi")[:2]
    translate = _translator(language).gettext
    rows = [(c.alpha_2, translate(c.name)) for c in pycountry.countries if c.alpha_2 != "VN"]
    return sorted(rows, key=lambda row: row[1])


def country_name(code, language=None):
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return _translator((language or get_language() or "vi")[:2]).gettext(country.name)


def is_country_code(code):
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None
