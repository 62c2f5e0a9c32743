"""The protection rule rows the system starts with: the vocabulary of protection measures of each regime,
and the timing of danger alerts and reviews. Loaded by a data migration and by ``load_reference_data``
(a row an administrator has since changed is never overwritten: matched by key and start date).

Every row is "to confirm" (verified=False): MISSION.md names the documents (Decree 62/2012/NĐ-CP Art. 7
before 1 July 2025, Decree 162/2025/NĐ-CP after) but not the wording of each measure, nor the minutes
and days below, which are working defaults until the provinces confirm them.
"""

import datetime

NEW_FROM = datetime.date(2025, 7, 1)
OLD_TO = datetime.date(2025, 6, 30)
OLD_FROM = datetime.date(2012, 1, 1)

OLD_DOCUMENT = "Decree 62/2012/NĐ-CP"
OLD_DOCUMENT_VI = "Nghị định số 62/2012/NĐ-CP"
NEW_DOCUMENT = "Decree 162/2025/NĐ-CP (29/6/2025)"
NEW_DOCUMENT_VI = "Nghị định số 162/2025/NĐ-CP ngày 29/6/2025"

ALL = "victim,relative,accompanying_child,helper"
# code, Vietnamese, English, whom it may protect
MEASURES = [
    (
        "protect_residence",
        "Bảo vệ nơi cư trú, nơi làm việc, học tập",
        "Protect the place of residence, work or study",
        ALL,
    ),
    (
        "protect_safety",
        "Bảo vệ tính mạng, sức khỏe, danh dự, nhân phẩm, tài sản",
        "Protect life, health, honour, dignity and property (guards)",
        ALL,
    ),
    (
        "keep_confidential",
        "Giữ bí mật danh tính, nơi cư trú, nơi làm việc, học tập",
        "Keep identity, whereabouts, work and school confidential",
        ALL,
    ),
    (
        "restrict_contact",
        "Hạn chế, ngăn chặn việc tiếp cận, liên hệ với người được bảo vệ",
        "Restrict approach and contact with the protected person",
        ALL,
    ),
    ("escort", "Bố trí người hộ tống khi di chuyển", "Escort when travelling", "victim,accompanying_child"),
    (
        "temporary_shelter",
        "Bố trí nơi tạm lánh an toàn",
        "Temporary safe shelter",
        "victim,relative,accompanying_child",
    ),
    (
        "change_residence",
        "Tạm thời thay đổi nơi cư trú, nơi làm việc, học tập",
        "Temporary change of residence, work or school",
        ALL,
    ),
    (
        "police_assistance",
        "Đề nghị cơ quan công an, quân đội hỗ trợ bảo vệ",
        "Ask the police or the army for protection",
        ALL,
    ),
    ("other", "Biện pháp bảo vệ khác theo quy định của pháp luật", "Other measures provided by law", ALL),
]
MEASURE_NOTE = "Wording and whom each measure protects to confirm against the official text."

TIMING = {
    "acknowledge_minutes": 30,
    "escalate_after_minutes": 120,
    "measure_review_days": 30,
    "risk_review_days": 30,
}
TIMING_DOCUMENT = "Coordination regulation 2548/QCPH (2022); provincial working rules"
TIMING_DOCUMENT_VI = "Quy chế phối hợp số 2548/QCPH (2022); quy định làm việc của tỉnh"
TIMING_NOTE = (
    "Working defaults, not figures of the law: acknowledge an alert within 30 minutes, escalate an "
    "unacknowledged one after 2 hours, review a measure every 30 days. To confirm with each province."
)


def measure_rows():
    rows = []
    periods = (
        (OLD_FROM, OLD_TO, OLD_DOCUMENT, OLD_DOCUMENT_VI, "7"),
        (NEW_FROM, None, NEW_DOCUMENT, NEW_DOCUMENT_VI, ""),
    )
    for start, end, document, document_vi, article in periods:
        for order, (code, name_vi, name_en, protects) in enumerate(MEASURES):
            rows.append(
                {
                    "code": code,
                    "effective_from": start,
                    "defaults": {
                        "effective_to": end,
                        "name_vi": name_vi,
                        "name_en": name_en,
                        "protects": protects,
                        "sort_order": order,
                        "citation_document": document,
                        "citation_document_vi": document_vi,
                        "citation_article": article,
                        "verified": False,
                        "notes": MEASURE_NOTE,
                    },
                }
            )
    return rows


def load(measure_model, timing_model):
    """Create the missing rows; returns how many were created."""
    created = 0
    for row in measure_rows():
        _obj, was_created = measure_model.objects.get_or_create(
            code=row["code"], effective_from=row["effective_from"], defaults=row["defaults"]
        )
        created += was_created
    _obj, was_created = timing_model.objects.get_or_create(
        effective_from=OLD_FROM,
        defaults={
            **TIMING,
            "citation_document": TIMING_DOCUMENT,
            "citation_document_vi": TIMING_DOCUMENT_VI,
            "verified": False,
            "notes": TIMING_NOTE,
        },
    )
    return created + was_created
