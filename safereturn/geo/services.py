"""Loading and resolving administrative units.

Today's units come from ``vietnam-provinces``; the former provinces, districts and communes
and how they map to today's units come from ``vietnamadminunits``. Nothing is typed by hand.
"""

import functools
import re

from django.db import transaction
from unidecode import unidecode

from .models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province


def _legacy_rows():
    from vietnamadminunits.database import query

    return query(
        "SELECT DISTINCT province, provinceCode, provinceKey, district, districtCode, districtKey, "
        "ward, wardCode, wardKey FROM admin_units_legacy"
    )


def _converter_tables():
    from vietnamadminunits.converter import converter_2025 as conv

    return conv.DICT_PROVINCE, conv.DICT_PROVINCE_WARD_NO_DIVIDED, conv.DICT_PROVINCE_WARD_DIVIDED


def _name_keys(name):
    """The keys ``vietnamadminunits`` gives a unit name: accent-free, and (where two names in a
    province differ only by accents) lower-case with accents kept."""
    accented = re.sub(r"[\s\-–]", "", name.lower())
    plain = re.sub(r"[^a-z0-9]", "", unidecode(name.replace("đ", "d").replace("Đ", "D")).lower())
    return accented, plain


@functools.cache
def _current_ward_codes_by_key():
    """(province key, ward key) → today's commune code, and province key → province code.

    The two packages number a few wards differently; ``vietnam-provinces`` holds the official
    codes, so wards are matched by name within their province.
    """
    from vietnam_provinces import Ward as VnWard
    from vietnamadminunits.database import query

    rows = query("SELECT provinceKey, provinceCode, wardKey FROM admin_units")
    provinces = {row["provinceKey"]: int(row["provinceCode"]) for row in rows}
    province_key_by_code = {code: key for key, code in provinces.items()}
    official = {}
    for ward in VnWard.iter_all():
        province_key = province_key_by_code[ward.province_code.value]
        for key in _name_keys(ward.name):
            official.setdefault((province_key, key), ward.code.value)
    wards = {}
    for row in rows:
        code = official.get((row["provinceKey"], row["wardKey"]))
        if code is not None:
            wards[(row["provinceKey"], row["wardKey"])] = code
    return wards, provinces


@transaction.atomic
def geography_load():
    """Create or update every unit; safe to run again (idempotent). Returns counts."""
    _load_current_units()
    _load_former_units()
    return {
        "provinces": Province.objects.count(),
        "communes": Commune.objects.count(),
        "legacy_provinces": LegacyProvince.objects.count(),
        "legacy_districts": LegacyDistrict.objects.count(),
        "legacy_communes": LegacyCommune.objects.count(),
    }


def _load_current_units():
    """Today's 34 provinces and their communes, from ``vietnam-provinces``."""
    from vietnam_provinces import Province as VnProvince
    from vietnam_provinces import Ward as VnWard

    provinces = [
        Province(
            code=p.code.value,
            name=p.name,
            division_type=p.division_type.value,
            codename=p.codename,
            phone_code=p.phone_code or None,
        )
        for p in VnProvince.iter_all()
    ]
    Province.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "division_type", "codename", "phone_code"],
    )
    communes = [
        Commune(
            code=w.code.value,
            name=w.name,
            division_type=w.division_type.value,
            codename=w.codename,
            province_id=w.province_code.value,
        )
        for w in VnWard.iter_all()
    ]
    Commune.objects.bulk_create(
        communes,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "division_type", "codename", "province"],
    )


def _successors_of_former_communes():
    """{former commune key: (today's province key, today's ward key, divided?)}, by the official conversion."""
    dict_province, no_divided, divided = _converter_tables()
    new_ward_of_old = {}
    for new_province_key, wards in no_divided.items():
        for new_ward_key, old_keys in wards.items():
            for old_key in old_keys:
                new_ward_of_old[old_key] = (new_province_key, new_ward_key, False)
    for new_province_key, old_map in divided.items():
        for old_key, options in old_map.items():
            default = next((o for o in options if o.get("isDefaultNewWard")), options[0])
            new_ward_of_old[old_key] = (new_province_key, default["newWardKey"], True)
    new_province_of_old = {old: new for new, olds in dict_province.items() for old in olds}
    return new_province_of_old, new_ward_of_old


def _load_former_units():
    """The former provinces, districts and communes, each mapped to today's unit."""
    new_province_of_old, new_ward_of_old = _successors_of_former_communes()
    ward_code_by_key, province_code_by_key = _current_ward_codes_by_key()
    legacy_provinces, legacy_districts, legacy_communes = {}, {}, {}
    for row in _legacy_rows():
        pcode = int(row["provinceCode"])
        if pcode not in legacy_provinces:
            successor = province_code_by_key[new_province_of_old[row["provinceKey"]]]
            legacy_provinces[pcode] = LegacyProvince(code=pcode, name=row["province"], successor_id=successor)
        if row["districtCode"]:
            dcode = int(row["districtCode"])
            legacy_districts.setdefault(
                dcode, LegacyDistrict(code=dcode, name=row["district"], legacy_province_id=pcode)
            )
        if row["wardCode"]:
            old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
            target = new_ward_of_old.get(old_key)
            successor_code, is_divided = None, False
            if target:
                successor_code = ward_code_by_key.get((target[0], target[1]))
                is_divided = target[2]
            legacy_communes[int(row["wardCode"])] = LegacyCommune(
                code=int(row["wardCode"]),
                name=row["ward"],
                legacy_district_id=int(row["districtCode"]),
                successor_id=successor_code,
                is_divided=is_divided,
            )
    LegacyProvince.objects.bulk_create(
        legacy_provinces.values(), update_conflicts=True, unique_fields=["code"], update_fields=["name", "successor"]
    )
    LegacyDistrict.objects.bulk_create(
        legacy_districts.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "legacy_province"],
    )
    LegacyCommune.objects.bulk_create(
        legacy_communes.values(),
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "legacy_district", "successor", "is_divided"],
    )


def official_commune_code(province_key, ward_key):
    """Today's official commune code for a ``vietnamadminunits`` (province key, ward key)."""
    wards, _provinces = _current_ward_codes_by_key()
    return wards.get((province_key, ward_key))
