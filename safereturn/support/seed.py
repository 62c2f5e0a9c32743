"""The support rule rows the system starts with: regimes by status, their items and caps, and rates.

Loaded by the data migration (national rows; provincial rows when the geography is already loaded) and by
``manage.py load_support_rules`` (run by ``seed_demo``), which adds what is missing and never overwrites a
row an administrator has since changed (matched by key and start date).

``verified=True`` only for what MISSION.md "Legal basis" states: the statuses of Law 53/2024 Art. 37, the
120-day cap on essential needs and the schooling of Decree 162/2025 Art. 24, the 70,000 VND/day floor for
food while travelling and the 3-month cap on shelter food of Circular 84/2019. Every other figure is a
placeholder to confirm against the official text, with its citation filled in.
"""

import datetime

NEW_FROM = datetime.date(2025, 7, 1)
OLD_TO = datetime.date(2025, 6, 30)
OLD_FROM = datetime.date(2012, 1, 1)
CIRCULAR_84_FROM = datetime.date(2020, 1, 1)

LAW_53 = ("Law 53/2024/QH15, as amended by Law 86/2025/QH15", "Luật Phòng, chống mua bán người số 53/2024/QH15")
DECREE_162 = ("Decree 162/2025/NĐ-CP", "Nghị định số 162/2025/NĐ-CP")
LAW_2011 = ("Law on Prevention and Combat of Human Trafficking 2011", "Luật Phòng, chống mua bán người năm 2011")
DECREE_09 = ("Decree 09/2013/NĐ-CP", "Nghị định số 09/2013/NĐ-CP")
CIRCULAR_84 = ("Circular 84/2019/TT-BTC", "Thông tư số 84/2019/TT-BTC")
HA_GIANG_15 = (
    "Resolution 15/2020 of the Hà Giang provincial council",
    "Nghị quyết số 15/2020 của Hội đồng nhân dân tỉnh Hà Giang",
)
CAN_THO_DEMO = (
    "Resolution of the Cần Thơ city council (demo figure)",
    "Nghị quyết của Hội đồng nhân dân thành phố Cần Thơ (số liệu minh họa)",
)

V, CHILD, ABROAD, IN_VN, FOREIGN = (
    "victim",
    "accompanying_child",
    "identified_abroad",
    "identified_in_vn",
    "foreign_victim",
)

# code, Vietnamese, English, statuses under the new law (Law 53/2024 Art. 37), statuses under the old law.
REGIMES = [
    (
        "essential_needs",
        "Hỗ trợ nhu cầu thiết yếu",
        "Essential needs",
        (V, CHILD, ABROAD, IN_VN, FOREIGN),
        (V, CHILD, IN_VN, FOREIGN),
    ),
    ("medical", "Hỗ trợ y tế", "Medical care", (V, CHILD, ABROAD, IN_VN, FOREIGN), (V, CHILD, IN_VN, FOREIGN)),
    ("interpretation", "Hỗ trợ phiên dịch", "Interpretation", (V, CHILD, ABROAD, IN_VN, FOREIGN), (V, FOREIGN)),
    ("legal_advice", "Tư vấn pháp luật", "Legal advice", (V, CHILD, ABROAD, IN_VN, FOREIGN), (V, FOREIGN)),
    ("legal_aid", "Trợ giúp pháp lý", "Legal aid", (V, CHILD, IN_VN, FOREIGN), (V, FOREIGN)),
    ("travel", "Hỗ trợ chi phí đi lại", "Travel costs", (V, CHILD, IN_VN), (V, CHILD, IN_VN)),
    ("psychological", "Hỗ trợ tâm lý", "Psychological care", (V, CHILD, IN_VN, FOREIGN), (V, CHILD, FOREIGN)),
    ("schooling", "Hỗ trợ học văn hóa", "Schooling", (V, CHILD), (V,)),
    ("vocational", "Học nghề, việc làm", "Vocational training and jobs", (V,), (V,)),
    ("hardship_allowance", "Trợ cấp khó khăn ban đầu", "Initial hardship allowance", (V,), (V,)),
    ("loans", "Hỗ trợ vay vốn", "Loans", (V,), (V,)),
]

# side, code, regime, Vietnamese, English, unit, setting, cap, cap unit, extendable, one-off limit, children
# only, cash, citation, article, verified, notes
ITEMS = [
    # --- the new law (cases received from 1 July 2025) ---
    ("new", "food", "essential_needs", "Tiền ăn", "Food", "day", "any", 120, "day", True, None, False, False,
     DECREE_162, "", True, "Essential needs at most 120 days, extendable by a decision "
     "(MISSION.md). Article to confirm."),
    ("new", "clothing", "essential_needs", "Quần áo, vật dụng cá nhân", "Clothing and personal items", "one_off",
     "any", None, "", False, 1, False, False, DECREE_162, "", False, "Once: to confirm."),
    ("new", "medical_care", "medical", "Khám, chữa bệnh", "Medical care", "service", "any", None, "", False, None,
     False, False, LAW_53, "37", True, ""),
    ("new", "interpretation", "interpretation", "Phiên dịch", "Interpretation", "service", "any", None, "", False,
     None, False, False, LAW_53, "37", True, ""),
    ("new", "legal_advice", "legal_advice", "Tư vấn pháp luật", "Legal advice", "service", "any", None, "", False,
     None, False, False, LAW_53, "37", True, ""),
    ("new", "legal_aid", "legal_aid", "Trợ giúp pháp lý", "Legal aid", "service", "any", None, "", False, None,
     False, False, LAW_53, "37", True, ""),
    ("new", "travel_fare", "travel", "Tiền đi lại về nơi cư trú", "Travel home", "one_off", "any", None, "", False,
     None, False, False, LAW_53, "37", True, "Actual fare; limit to confirm."),
    ("new", "travel_food", "travel", "Tiền ăn trong thời gian đi đường", "Food while travelling", "day", "any", None,
     "", False, None, False, False, DECREE_162, "", False, "Amount to confirm."),
    ("new", "psychological", "psychological", "Hỗ trợ tâm lý", "Psychological care", "service", "any", None, "",
     False, None, False, False, LAW_53, "37", True, ""),
    ("new", "lessons", "schooling", "Học văn hóa tại cơ sở", "Lessons while in a facility", "service", "facility",
     None, "", False, None, True, False, DECREE_162, "24", True, "Victims under 18 and accompanying children."),
    ("new", "tuition_exemption", "schooling", "Miễn học phí", "Tuition exemption", "school_year", "community", 2,
     "school_year", False, None, True, False, DECREE_162, "24", True, "The first school year and the next."),
    ("new", "school_supplies", "schooling", "Sách giáo khoa, đồ dùng học tập", "Textbooks and school supplies",
     "school_year", "community", 2, "school_year", False, None, True, False, DECREE_162, "24", True,
     "The first school year and the next; amount to confirm."),
    ("new", "vocational", "vocational", "Học nghề, giới thiệu việc làm", "Vocational training and job help",
     "service", "any", None, "", False, None, False, False, DECREE_162, "24", True, ""),
    ("new", "hardship_allowance", "hardship_allowance", "Trợ cấp khó khăn ban đầu", "Initial hardship allowance",
     "one_off", "any", None, "", False, 1, False, True, DECREE_162, "24", True, "Once; amount to confirm."),
    ("new", "loan", "loans", "Vay vốn", "Loan (Social Policy Bank)", "service", "community", None, "", False, None,
     False, False, LAW_53, "37", True, ""),
    # --- the old law (cases received before 1 July 2025) ---
    ("old", "food_shelter", "essential_needs", "Tiền ăn tại cơ sở", "Food in a shelter", "day", "facility", 3,
     "month", False, None, False, False, CIRCULAR_84, "", True, "Shelter food for at most 3 months (MISSION.md)."),
    ("old", "clothing", "essential_needs", "Quần áo, vật dụng cá nhân", "Clothing and personal items", "one_off",
     "any", None, "", False, 1, False, False, DECREE_09, "", False, "To confirm."),
    ("old", "medical_care", "medical", "Khám, chữa bệnh", "Medical care", "service", "any", None, "", False, None,
     False, False, DECREE_09, "", False, "To confirm."),
    ("old", "psychological", "psychological", "Hỗ trợ tâm lý", "Psychological care", "service", "any", None, "",
     False, None, False, False, DECREE_09, "", False, "To confirm."),
    ("old", "legal_aid", "legal_aid", "Trợ giúp pháp lý", "Legal aid", "service", "any", None, "", False, None, False,
     False, LAW_2011, "32", False, "To confirm."),
    ("old", "travel_food", "travel", "Tiền ăn trong thời gian đi đường", "Food while travelling", "day", "any", None,
     "", False, None, False, False, CIRCULAR_84, "", True, "At least 70,000 VND/person/day (MISSION.md)."),
    ("old", "travel_fare", "travel", "Tiền đi lại về nơi cư trú", "Travel home", "one_off", "any", None, "", False,
     1, False, False, DECREE_09, "", False, "To confirm."),
    ("old", "schooling_support", "schooling", "Hỗ trợ học văn hóa", "Schooling support", "one_off", "community",
     None, "", False, 1, False, False, DECREE_09, "", False, "To confirm."),
    ("old", "vocational", "vocational", "Học nghề", "Vocational training", "service", "any", None, "", False, None,
     False, False, DECREE_09, "", False, "To confirm."),
    ("old", "hardship_allowance", "hardship_allowance", "Trợ cấp khó khăn ban đầu", "Initial hardship allowance",
     "one_off", "any", None, "", False, 1, False, True, DECREE_09, "", False, "Once; to confirm."),
    ("old", "loan", "loans", "Vay vốn", "Loan (Social Policy Bank)", "service", "community", None, "", False, None,
     False, False, LAW_2011, "32", False, "To confirm."),
]  # fmt: skip

# side, item, province code (None: national), amount, minimum, from, citation, article, verified, notes
RATES = [
    ("new", "food", None, 70_000, False, NEW_FROM, DECREE_162, "", False, "Placeholder: confirm the amount."),
    ("new", "clothing", None, 500_000, False, NEW_FROM, DECREE_162, "", False, "Placeholder: confirm the amount."),
    ("new", "travel_food", None, 70_000, True, NEW_FROM, DECREE_162, "", False, "Placeholder: confirm the amount."),
    ("new", "school_supplies", None, 1_000_000, False, NEW_FROM, DECREE_162, "24", False, "Placeholder."),
    ("new", "hardship_allowance", None, 1_500_000, False, NEW_FROM, DECREE_162, "24", False, "Placeholder."),
    ("old", "food_shelter", None, 40_000, False, CIRCULAR_84_FROM, CIRCULAR_84, "", False, "Placeholder."),
    ("old", "travel_food", None, 70_000, True, CIRCULAR_84_FROM, CIRCULAR_84, "", True,
     "At least 70,000 VND/person/day (MISSION.md)."),
    ("old", "clothing", None, 300_000, False, CIRCULAR_84_FROM, CIRCULAR_84, "", False, "Placeholder."),
    ("old", "hardship_allowance", None, 1_000_000, False, CIRCULAR_84_FROM, CIRCULAR_84, "", False, "Placeholder."),
    # Hà Giang's resolution (figures from MISSION.md); Hà Giang is part of Tuyên Quang (code 8) since 1 July 2025:
    # which territory the resolution still covers is to confirm.
    ("old", "food_shelter", 8, 60_000, False, datetime.date(2020, 12, 1), HA_GIANG_15, "", False,
     "Hà Giang 15/2020: food 60,000/day. Date in force and territory after the merger to confirm."),
    ("old", "clothing", 8, 500_000, False, datetime.date(2020, 12, 1), HA_GIANG_15, "", False,
     "Hà Giang 15/2020: clothing 500,000. Date in force and territory after the merger to confirm."),
    ("old", "hardship_allowance", 8, 3_000_000, False, datetime.date(2020, 12, 1), HA_GIANG_15, "", False,
     "Hà Giang 15/2020: hardship allowance 3,000,000. Date in force and territory after the merger to confirm."),
    # A demo override, so the provincial path is exercised in the demo provinces.
    ("new", "food", 92, 80_000, False, NEW_FROM, CAN_THO_DEMO, "", False, "Demo figure: replace with the resolution."),
    ("new", "hardship_allowance", 92, 2_000_000, False, NEW_FROM, CAN_THO_DEMO, "", False, "Demo figure."),
]  # fmt: skip


def regime_rows():
    for code, name_vi, name_en, new_statuses, old_statuses in REGIMES:
        yield {
            "code": code,
            "side": "new",
            "name_vi": name_vi,
            "name_en": name_en,
            "statuses": ",".join(new_statuses),
            "effective_from": NEW_FROM,
            "effective_to": None,
            "citation_document": LAW_53[0],
            "citation_document_vi": LAW_53[1],
            "citation_article": "37",
            "verified": True,
            "notes": "Statuses as MISSION.md 'Legal basis' gives Law 53/2024 Art. 37.",
        }
        yield {
            "code": code,
            "side": "old",
            "name_vi": name_vi,
            "name_en": name_en,
            "statuses": ",".join(old_statuses),
            "effective_from": OLD_FROM,
            "effective_to": OLD_TO,
            "citation_document": LAW_2011[0],
            "citation_document_vi": LAW_2011[1],
            "citation_article": "32",
            "verified": False,
            "notes": "Law 2011 Art. 32 and Decree 09/2013: which statuses each regime covers is to confirm.",
        }


# Warnings before a cap (configuration, not law): days or months left when the panel starts warning.
WARN_BEFORE = {("new", "food"): 10, ("old", "food_shelter"): 10}


def item_rows():
    for row in ITEMS:
        (side, code, regime, name_vi, name_en, unit, setting, cap, cap_unit, extendable, limit, children, cash,
         citation, article, verified, notes) = row  # fmt: skip
        yield {
            "side": side,
            "code": code,
            "regime_code": regime,
            "name_vi": name_vi,
            "name_en": name_en,
            "unit": unit,
            "setting": setting,
            "duration_cap": cap,
            "cap_unit": cap_unit,
            "cap_extendable": extendable,
            "warn_before": WARN_BEFORE.get((side, code)),
            "one_off_limit": limit,
            "children_only": children,
            "cash": cash,
            "counted_with_stays": (side, code) in COUNTED_WITH_STAYS,
            "effective_from": NEW_FROM if side == "new" else OLD_FROM,
            "effective_to": None if side == "new" else OLD_TO,
            "citation_document": citation[0],
            "citation_document_vi": citation[1],
            "citation_article": article,
            "verified": verified,
            "notes": notes,
        }


def rate_rows():
    for side, item, province, amount, minimum, start, citation, article, verified, notes in RATES:
        yield {
            "side": side,
            "item_code": item,
            "province_id": province,
            "amount": amount,
            "minimum": minimum,
            "effective_from": start,
            "effective_to": None,
            "citation_document": citation[0],
            "citation_document_vi": citation[1],
            "citation_article": article,
            "verified": verified,
            "notes": notes,
        }


def _add_missing(model, rows, key):
    # The model may be a migration's historical one, without the fields later migrations add.
    fields = {f.attname for f in model._meta.concrete_fields}
    added = 0
    for row in rows:
        lookup = {k: row[k] for k in (*key, "effective_from")}
        if not model.objects.filter(**lookup).exists():
            model.objects.create(**{k: v for k, v in row.items() if k in fields})
            added += 1
    return added


# Items whose days are one count with the shelter stays (decision 38): essential needs by the day.
COUNTED_WITH_STAYS = (("new", "food"), ("old", "food_shelter"))


def set_counted_with_stays(item_model):
    """Mark the seeded items counted with the stay cap (never unmarks one an administrator marked)."""
    for side, code in COUNTED_WITH_STAYS:
        item_model.objects.filter(side=side, code=code).update(counted_with_stays=True)


def set_warnings(item_model):
    """Give the seeded items their warning before the cap where none is set (never overwrites one)."""
    for (side, code), units in WARN_BEFORE.items():
        item_model.objects.filter(side=side, code=code, warn_before__isnull=True).update(warn_before=units)


def load(regime_model, item_model, rate_model, province_model):
    """Add the seeded rows that are missing. Provincial rates need the geography: skipped until it is loaded."""
    provinces = set(province_model.objects.values_list("code", flat=True))
    rates = [r for r in rate_rows() if r["province_id"] is None or r["province_id"] in provinces]
    return (
        _add_missing(regime_model, regime_rows(), ("code", "side"))
        + _add_missing(item_model, item_rows(), ("code", "side"))
        + _add_missing(rate_model, rates, ("item_code", "side", "province_id"))
    )
