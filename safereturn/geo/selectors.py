"""Reads of administrative units."""

from dataclasses import dataclass

from .models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province
from .services import official_commune_code


def communes_in_province(province_code):
    """All of today's communes of a province: one range scan on the indexed province column."""
    return Commune.objects.filter(province_id=province_code)


def legacy_districts_in_province(legacy_province_code):
    """The districts of a former province (before 1 July 2025), by name."""
    return LegacyDistrict.objects.filter(legacy_province_id=legacy_province_code).order_by("name")


def legacy_communes_in_district(legacy_district_code):
    """The communes of a former district (before 1 July 2025), by name."""
    return LegacyCommune.objects.filter(legacy_district_id=legacy_district_code).order_by("name")


def legacy_commune_with_units(legacy_code):
    """A former commune with its district, province and today's units, in one query."""
    return (
        LegacyCommune.objects.select_related("legacy_district__legacy_province", "successor__province")
        .filter(code=legacy_code)
        .first()
    )


def province_for_legacy_province(legacy_code):
    """Today's province that a former province (pre-July 2025 code) became part of."""
    return LegacyProvince.objects.select_related("successor").get(code=legacy_code).successor


def commune_for_legacy_commune(legacy_code):
    """Today's commune that took over a former commune, or None when the unit has no successor."""
    return LegacyCommune.objects.select_related("successor").get(code=legacy_code).successor


def todays_units_for_legacy_commune(legacy_code):
    """(today's province, today's commune) of a former commune, by the official conversion; the
    commune is None when the former commune has no successor (its province's successor still holds)."""
    legacy = legacy_commune_with_units(legacy_code)
    if legacy is None:
        return None, None
    if legacy.successor_id:
        return legacy.successor.province, legacy.successor
    return province_for_legacy_province(legacy.legacy_district.legacy_province_id), None


@dataclass(frozen=True)
class ResolvedAddress:
    province: Province | None
    commune: Commune | None
    legacy_province_code: int | None
    legacy_commune_code: int | None


def resolve_legacy_address(text):
    """Map a free-text address written with pre-2025 units ("Phường 1, TP Sóc Trăng, Sóc Trăng")
    to today's province and commune, using the official conversion of ``vietnamadminunits``."""
    from vietnamadminunits import convert_address

    try:
        unit = convert_address(text)
    except Exception:  # the library raises bare errors on addresses it cannot parse
        return ResolvedAddress(None, None, None, None)
    old = getattr(unit, "OldAdminUnit", None)
    province = Province.objects.filter(code=int(unit.province_code)).first() if unit.province_code else None

    commune_code = official_commune_code(unit.province_key, unit.ward_key) if unit.ward_key else None
    commune = Commune.objects.filter(code=commune_code).first() if commune_code else None
    return ResolvedAddress(
        province=province,
        commune=commune,
        legacy_province_code=int(old.province_code) if old and old.province_code else None,
        legacy_commune_code=int(old.ward_code) if old and old.ward_code else None,
    )
