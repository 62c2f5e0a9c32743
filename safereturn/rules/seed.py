"""The rule rows the system starts with. Loaded by a data migration and by ``manage.py load_rules``
(which never overwrites a row an administrator has since changed, matched by key and start date).

Every row is marked "to confirm" (verified=False) until a lawyer checks the article and clause
against the official text; the notes say what is known.
"""

import datetime

NEW_LAW_FROM = datetime.date(2025, 7, 1)
OLD_LAW_TO = datetime.date(2025, 6, 30)
OLD_LAW_FROM = datetime.date(2012, 1, 1)

NEW_LAW = "Law 53/2024/QH15 on Prevention and Combat of Human Trafficking, as amended by Law 86/2025/QH15"
OLD_LAW = "Decree 62/2012/NĐ-CP; Joint Circular 01/2014/TTLT-BCA-BQP-BLĐTBXH-BNG"
NEW_LAW_VI = "Luật Phòng, chống mua bán người số 53/2024/QH15, được sửa đổi, bổ sung bởi Luật số 86/2025/QH15"
OLD_LAW_VI = "Nghị định số 62/2012/NĐ-CP; Thông tư liên tịch số 01/2014/TTLT-BCA-BQP-BLĐTBXH-BNG"
DECREE_13 = "Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân"
DECREE_13_VI = "Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân"

# step, days, counting, (document, article, clause, notes) for each period.
DEADLINES = [
    (
        "initial",
        (3, "working_days", OLD_LAW, "", "", "Verification by the police on a request; days and counting to confirm."),
        (
            3,
            "calendar_days",
            NEW_LAW,
            "",
            "",
            "Commune notifies the provincial health agency, which verifies with provincial police within 3 days. "
            "Article, clause and whether days are working days to confirm.",
        ),
    ),
    (
        "identity",
        (15, "working_days", OLD_LAW, "", "", "Configurable; to confirm."),
        (15, "working_days", NEW_LAW, "", "", "Configurable; to confirm."),
    ),
    (
        "nationality",
        (30, "working_days", OLD_LAW, "", "", "Configurable; to confirm (depends on the foreign authority)."),
        (30, "working_days", NEW_LAW, "", "", "Configurable; to confirm (depends on the foreign authority)."),
    ),
    (
        "circumstances",
        (15, "working_days", OLD_LAW, "", "", "Configurable; to confirm."),
        (10, "working_days", NEW_LAW, "", "", "Configurable; to confirm."),
    ),
    (
        "documents_abroad",
        (60, "calendar_days", OLD_LAW, "", "", "Through missions abroad; configurable; to confirm."),
        (60, "calendar_days", NEW_LAW, "", "", "Through missions abroad; configurable; to confirm."),
    ),
    (
        "identification",
        (7, "working_days", OLD_LAW, "", "", "From the end of verification; configurable; to confirm."),
        (7, "working_days", NEW_LAW, "", "", "From the end of verification; configurable; to confirm."),
    ),
]

POLICE = ["province_police", "criminal_police", "commune_police"]
BORDER = ["border_guard", "border_post", "coast_guard"]
# action: (agency types before 1 July 2025, agency types from 1 July 2025)
COMPETENCE = {
    "verify": (
        POLICE + BORDER + ["immigration_office", "foreign_affairs", "mission_abroad", "commune_committee"],
        POLICE + BORDER + ["immigration_office", "foreign_affairs", "mission_abroad", "health_department"],
    ),
    "identify": (
        POLICE + BORDER + ["mission_abroad", "commune_committee"],
        POLICE + BORDER + ["mission_abroad"],
    ),
    "issue_victim_certificate": (
        POLICE + BORDER + ["mission_abroad", "commune_committee"],
        POLICE + BORDER + ["mission_abroad"],
    ),
    "issue_return_certificate": (
        ["border_guard", "border_post", "immigration_office", "mission_abroad"],
        ["border_guard", "border_post", "immigration_office", "mission_abroad"],
    ),
}
COMPETENCE_NOTES = (
    "Before 1 July 2025 the chair of the commune People's Committee confirmed victims who returned by "
    "themselves; agency types and articles to confirm.",
    "Agency types and articles to confirm against the law as amended.",
)


# The province's lead agency for victims' work (CompetenceAction "coordinate": who is told when nobody
# else is). One row today: a labour department row (Sở LĐTBXH, until 28/2/2025) belongs here only if
# directory/reference.py gets such an agency type, which it does not have.
COORDINATION_FROM = datetime.date(2025, 3, 1)
COORDINATION = [
    (
        "health_department",
        COORDINATION_FROM,
        None,
        "Law 53/2024/QH15 on Prevention and Combat of Human Trafficking; the 2025 transfer of social protection "
        "from the labour sector to the health sector",
        "To confirm: the exact decree (and its article) that moved victim support with social protection from "
        "the provincial labour departments (Sở LĐTBXH) to the health departments, and its start date "
        "(1 March 2025 assumed, with the 2025 reorganisation of ministries).",
    ),
]


COORDINATION_VI = (
    "Luật Phòng, chống mua bán người số 53/2024/QH15; việc chuyển nhiệm vụ bảo trợ xã hội từ ngành lao động, "
    "thương binh và xã hội sang ngành y tế năm 2025"
)


def coordination_rows():
    for code, start, end, document, notes in COORDINATION:
        yield {
            "agency_type_code": code,
            "action": "coordinate",
            "effective_from": start,
            "defaults": {"effective_to": end, "citation_document": document, "verified": False, "notes": notes},
        }


# Break-glass bounds (EmergencyAccessRule). Processing personal data without the person's consent in an
# emergency, to protect life or health, is what the personal-data rules allow; the numbers are the
# system's policy under it, set by the ministry and changed here with a new row.
EMERGENCY_ACCESS = [
    {
        "effective_from": datetime.date(2023, 7, 1),
        "defaults": {
            "access_minutes": 60,
            "daily_limit": 2,
            "minimum_words": 8,
            "review_days": 3,
            "citation_document": DECREE_13,
            "citation_article": "17",
            "citation_clause": "1",
            "verified": False,
            "notes": "To confirm: the article allowing processing without consent in an emergency (life, health), "
            "and whether Law 91/2025/QH15 on personal data protection replaces it from 1 January 2026.",
        },
    },
]


def emergency_access_rows():
    yield from EMERGENCY_ACCESS


def load_emergency_access(rule_model):
    """Create the missing break-glass bounds rows; returns how many were created."""
    created = 0
    for row in emergency_access_rows():
        _obj, was_created = rule_model.objects.get_or_create(**row)
        created += was_created
    return created


# Answering another agency's request to confirm a possible earlier record (MatchRequestRule). The law
# requires agencies to cooperate in receiving and verifying victims; the days are the system's practice
# under it, set by the ministry and changed here with a new row.
MATCH_REQUEST = [
    {
        "effective_from": NEW_LAW_FROM,
        "defaults": {
            "answer_days": 3,
            "counting": "working_days",
            "escalate_after_days": 2,
            "citation_document": NEW_LAW,
            "verified": False,
            "notes": "To confirm: the article of Law 53/2024/QH15 on cooperation between agencies in receiving and "
            "verifying victims that this rests on; 3 working days to answer and 2 more before the holding agency's "
            "supervisors are told are the system's practice, to be confirmed by the ministry.",
        },
    },
]


def load_match_request(rule_model):
    """Create the missing match-request rows; returns how many were created."""
    created = 0
    for row in MATCH_REQUEST:
        _obj, was_created = rule_model.objects.get_or_create(**row)
        created += was_created
    return created


def deadline_rows():
    for step, old, new in DEADLINES:
        for (days, counting, document, article, clause, notes), start, end in (
            (old, OLD_LAW_FROM, OLD_LAW_TO),
            (new, NEW_LAW_FROM, None),
        ):
            yield {
                "step": step,
                "effective_from": start,
                "defaults": {
                    "effective_to": end,
                    "days": days,
                    "counting": counting,
                    "citation_document": document,
                    "citation_article": article,
                    "citation_clause": clause,
                    "verified": False,
                    "notes": notes,
                },
            }


def competence_rows():
    for action, (old_types, new_types) in COMPETENCE.items():
        for types, start, end, document, notes in (
            (old_types, OLD_LAW_FROM, OLD_LAW_TO, OLD_LAW, COMPETENCE_NOTES[0]),
            (new_types, NEW_LAW_FROM, None, NEW_LAW, COMPETENCE_NOTES[1]),
        ):
            for code in types:
                yield {
                    "agency_type_code": code,
                    "action": action,
                    "effective_from": start,
                    "defaults": {
                        "effective_to": end,
                        "citation_document": document,
                        "verified": False,
                        "notes": notes,
                    },
                }


# Public holidays (ngày nghỉ lễ, tết) of Bộ luật Lao động số 45/2019/QH14, Điều 112 khoản 1: 1/1; Tết Âm lịch,
# 5 days; 30/4; 1/5; 2/9 and one day next to it; Giỗ Tổ Hùng Vương, 10/3 lunar. Under Điều 112 khoản 3 the Prime
# Minister fixes each year which days make up Tết and which day goes with 2/9: here Tết is the last day of the old
# lunar year (29 tháng Chạp in 2025, 2026 and 2027: the month has 29 days each time) and mùng 1–4 tháng Giêng, and
# 2/9 goes with 1/9. Substituted days off (a holiday on a weekend, days swapped to make a longer break) are
# announced each year and are NOT here: an administrator adds them. Every row is "to confirm" (verified=False)
# until someone checks it against that year's announcement.
HOLIDAY_CITATION = "Bộ luật Lao động số 45/2019/QH14, Điều 112, khoản 1"
HOLIDAY_CITATION_YEARLY = "Bộ luật Lao động số 45/2019/QH14, Điều 112, khoản 1 và khoản 3"
# Gregorian year: (the lunar year ending at Tết, the lunar year starting), the day of Tết (mùng 1 tháng Giêng),
# the length of the last lunar month, Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch).
LUNAR = {
    2025: ("Giáp Thìn", "Ất Tỵ", datetime.date(2025, 1, 29), 29, datetime.date(2025, 4, 7)),
    2026: ("Ất Tỵ", "Bính Ngọ", datetime.date(2026, 2, 17), 29, datetime.date(2026, 4, 26)),
    2027: ("Bính Ngọ", "Đinh Mùi", datetime.date(2027, 2, 6), 29, datetime.date(2027, 4, 16)),
}


def holiday_rows():
    for year, (old_year, new_year, tet, last_month_days, hung_kings) in LUNAR.items():
        tet_days = [
            (
                tet - datetime.timedelta(days=1),
                f"Tết Nguyên đán: {last_month_days} tháng Chạp năm {old_year} (ngày cuối năm âm lịch)",
                HOLIDAY_CITATION_YEARLY,
            )
        ]
        tet_days += [
            (
                tet + datetime.timedelta(days=n),
                f"Tết Nguyên đán: mùng {n + 1} tháng Giêng năm {new_year}",
                HOLIDAY_CITATION_YEARLY,
            )
            for n in range(4)
        ]
        rows = [
            (datetime.date(year, 1, 1), "Tết Dương lịch (1/1)", HOLIDAY_CITATION),
            *tet_days,
            (hung_kings, f"Giỗ Tổ Hùng Vương (10 tháng 3 năm {new_year})", HOLIDAY_CITATION),
            (datetime.date(year, 4, 30), "Ngày Chiến thắng (30/4)", HOLIDAY_CITATION),
            (datetime.date(year, 5, 1), "Ngày Quốc tế lao động (1/5)", HOLIDAY_CITATION),
            (datetime.date(year, 9, 1), "Quốc khánh: ngày liền trước 2/9", HOLIDAY_CITATION_YEARLY),
            (datetime.date(year, 9, 2), "Quốc khánh (2/9)", HOLIDAY_CITATION),
        ]
        for date, name, citation in rows:
            yield {"date": date, "defaults": {"name": name, "citation_document": citation, "verified": False}}


def load_holidays(holiday_model):
    """Create the public holidays that are missing (matched by date); returns how many were created."""
    created = 0
    for row in holiday_rows():
        _obj, was_created = holiday_model.objects.get_or_create(**row)
        created += was_created
    return created


def load(deadline_model, competence_model):
    """Create the rows that are missing; returns how many were created."""
    created = 0
    for row in deadline_rows():
        _obj, was_created = deadline_model.objects.get_or_create(**row)
        created += was_created
    for row in competence_rows():
        _obj, was_created = competence_model.objects.get_or_create(**row)
        created += was_created
    created += load_coordination(competence_model)
    return created


def load_coordination(competence_model):
    """Create the missing rows naming the province's lead agency; returns how many were created."""
    created = 0
    for row in coordination_rows():
        _obj, was_created = competence_model.objects.get_or_create(**row)
        created += was_created
    return created


# Sharing a case (chia sẻ thông tin): which agency types the law itself requires to work on it, so that
# they need no consent (the commune notifies the provincial health agency, which verifies with the
# provincial police; police and border guard receive, rescue and verify). Every other type (shelters,
# NGOs, foreign affairs, services outside the legal duty) relies on the person's consent: a type with
# no row in force is treated so. Health departments from the 2025 transfer of victim support to the
# health sector (as the "coordinate" row above).
SHARING_DUTY_TYPES = POLICE + BORDER + ["immigration_office", "commune_committee"]
SHARING_CONSENT_TYPES = [
    "social_support_facility",
    "foreign_affairs",
    "mission_abroad",
    "ngo",
    "international_org",
    "health_facility",
    "legal_aid_centre",
    "justice_department",
    "education_department",
    "school",
    "vocational_centre",
    "social_policy_bank",
    "womens_union",
    "fatherland_front",
    "youth_union",
]
SHARING_DUTY_NOTES = (
    "Receiving, verifying and identifying victims is this agency type's duty under the law; article to confirm.",
    "Law 53/2024 Art. 27 as amended: the commune notifies the provincial health agency, which verifies with the "
    "provincial police within 3 days; article and clause to confirm.",
)
SHARING_CONSENT_NOTE = (
    "Information on a victim or a person being identified is not disclosed without their consent, except where "
    "the law provides: share with this type only under a consent in force or a recorded legal exception. "
    "Article to confirm."
)
OLD_LAW_2011 = "Law 66/2011/QH12 on Prevention and Combat of Human Trafficking"


def sharing_rows():
    periods = (
        (OLD_LAW_FROM, OLD_LAW_TO, OLD_LAW_2011, SHARING_DUTY_NOTES[0]),
        (NEW_LAW_FROM, None, NEW_LAW, SHARING_DUTY_NOTES[1]),
    )
    for start, end, document, notes in periods:
        for code in SHARING_DUTY_TYPES:
            yield _sharing_row(code, "legal_duty", start, end, document, "", notes, "Receive, verify, identify")
        for code in SHARING_CONSENT_TYPES:
            yield _sharing_row(code, "consent", start, end, document, "", SHARING_CONSENT_NOTE, "")
    yield _sharing_row(
        "health_department",
        "legal_duty",
        COORDINATION_FROM,
        None,
        NEW_LAW,
        "27",
        SHARING_DUTY_NOTES[1],
        "Lead agency: receives the commune's notice and verifies with the provincial police",
    )


def _sharing_row(code, basis, start, end, document, article, notes, purpose):
    return {
        "agency_type_code": code,
        "effective_from": start,
        "defaults": {
            "effective_to": end,
            "basis": basis,
            "purpose": purpose,
            "citation_document": document,
            "citation_article": article,
            "verified": False,
            "notes": notes,
        },
    }


# Legal grounds an officer may record to share without consent (each "to confirm" until a lawyer checks it).
SHARING_EXCEPTIONS = [
    (
        "criminal_proceedings",
        "Yêu cầu của cơ quan tiến hành tố tụng hình sự",
        "Request of a criminal-procedure body",
        datetime.date(2018, 1, 1),
        None,
        "Criminal Procedure Code No. 101/2015/QH13",
        "",
        "Investigating bodies, procuracies and courts may require information for criminal proceedings.",
    ),
    (
        "life_or_health_emergency",
        "Bảo vệ tính mạng, sức khỏe của người đó trong tình huống khẩn cấp",
        "Protecting the person's life or health in an emergency",
        datetime.date(2023, 7, 1),
        datetime.date(2025, 12, 31),
        "Decree 13/2023/NĐ-CP on personal data protection",
        "17",
        "Processing without consent to protect the life or health of the data subject; clause to confirm.",
    ),
    (
        "life_or_health_emergency",
        "Bảo vệ tính mạng, sức khỏe của người đó trong tình huống khẩn cấp",
        "Protecting the person's life or health in an emergency",
        datetime.date(2026, 1, 1),
        None,
        "Law 91/2025/QH15 on Personal Data Protection",
        "",
        "Processing without consent in an emergency to protect life or health; article to confirm.",
    ),
    (
        "child_protection",
        "Can thiệp, hỗ trợ trẻ em có nguy cơ bị xâm hại",
        "Intervention to protect a child at risk of harm",
        datetime.date(2017, 6, 1),
        None,
        "Law on Children No. 102/2016/QH13",
        "",
        "Child-protection intervention for a child victim or an accompanying child; article to confirm.",
    ),
]


def sharing_exception_rows():
    for code, name_vi, name_en, start, end, document, article, notes in SHARING_EXCEPTIONS:
        yield {
            "code": code,
            "effective_from": start,
            "defaults": {
                "name_vi": name_vi,
                "name_en": name_en,
                "effective_to": end,
                "citation_document": document,
                "citation_article": article,
                "verified": False,
                "notes": notes,
            },
        }


OLD_LAW_2011_VI = "Luật Phòng, chống mua bán người số 66/2011/QH12"

# The seeded citations as official documents print them (Vietnamese), by the English text of the row. The
# English stays in citation_document for the English screens; citation_document_vi is what prints.
CITATIONS_VI = {
    NEW_LAW: NEW_LAW_VI,
    OLD_LAW: OLD_LAW_VI,
    COORDINATION[0][3]: COORDINATION_VI,
    OLD_LAW_2011: OLD_LAW_2011_VI,
    DECREE_13: DECREE_13_VI,
    "Criminal Procedure Code No. 101/2015/QH13": "Bộ luật Tố tụng hình sự số 101/2015/QH13",
    "Decree 13/2023/NĐ-CP on personal data protection": DECREE_13_VI,
    "Law 91/2025/QH15 on Personal Data Protection": "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
    "Law on Children No. 102/2016/QH13": "Luật Trẻ em số 102/2016/QH13",
}


def fill_vietnamese_citations(*rule_models):
    """Give every seeded row without one its Vietnamese citation (never overwrites one already set);
    returns how many rows were filled."""
    filled = 0
    for model in rule_models:
        for english, vietnamese in CITATIONS_VI.items():
            rows = model.objects.filter(citation_document=english, citation_document_vi="")
            filled += rows.update(citation_document_vi=vietnamese)
    return filled


def load_sharing(rule_model, exception_model):
    """Create the missing sharing rules and legal exceptions; returns how many were created."""
    created = 0
    for row in sharing_rows():
        _obj, was_created = rule_model.objects.get_or_create(**row)
        created += was_created
    for row in sharing_exception_rows():
        _obj, was_created = exception_model.objects.get_or_create(**row)
        created += was_created
    return created
