"""Risk assessments and protection measures: the vocabulary of the case's date, ordered dates, reviews
in work queues, the refusal with its signed commitment; bad input refused with nothing changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseDocument
from safereturn.core import errors
from safereturn.core.work_queues import all_items
from safereturn.protection import services
from safereturn.protection.models import MeasureReview, ProtectionMeasure, ProtectionMeasureType, RiskAssessment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _type(code, on=None):
    return ProtectionMeasureType.objects.get(code=code, effective_from=datetime.date(2025, 7, 1))


def _measure(personas, case, **fields):
    values = {
        "measure_type_id": _type("restrict_contact").pk,
        "protects": "victim",
        "requested_by_agency_id": personas.commune.pk,
        "deciding_agency_id": personas.police.pk,
        "deciding_official": "Trần Văn Bình, Phó Giám đốc Công an thành phố",
        "decided_on": TODAY(),
        "start_date": TODAY(),
    } | fields
    return services.measure_record(actor=personas.actor("commune_case_worker"), case=case, **values)


def test_a_measure_defaults_to_a_review_after_30_days_and_appears_in_the_work_queue(personas, make_case):
    case = make_case()
    measure = _measure(personas, case, details="Không cho người lạ tiếp cận; giữ bí mật nơi ở")
    assert measure.review_date == TODAY() + datetime.timedelta(days=30) and measure.status == "active"
    items = all_items(personas.actor("commune_case_worker"))
    assert any(case.number in str(item) and item.due_date == measure.review_date for item in items)
    assert case.events.filter(kind="protection_measure_recorded").exists()
    # Reviewed after 30 days: it continues, to the next review 30 days later.
    reviewed_on = TODAY()
    services.measure_review(
        actor=personas.actor("commune_case_worker"),
        measure=measure,
        expected_version=measure.version,
        note="Không có cuộc gọi lạ; vẫn cần",
    )
    measure.refresh_from_db()
    assert measure.last_reviewed_on == reviewed_on and measure.review_date == reviewed_on + datetime.timedelta(days=30)
    services.measure_review(
        actor=personas.actor("commune_case_worker"),
        measure=measure,
        expected_version=measure.version,
        outcome="end",
        note="Người bị hại đã về nhà an toàn",
    )
    measure.refresh_from_db()
    assert measure.status == "ended" and measure.end_date == reviewed_on
    assert list(measure.reviews.values_list("outcome", "next_review_date")) == [
        ("end", None),
        ("continue", reviewed_on + datetime.timedelta(days=30)),
    ]
    with pytest.raises(errors.StateError):
        services.measure_review(
            actor=personas.actor("commune_case_worker"), measure=measure, expected_version=measure.version, note="x"
        )


REVIEW_NOTE = "Người tự xưng là anh họ không gọi lại; giữ bí mật cả trường học của chị ở Hải Phòng"


def test_a_review_records_who_when_the_outcome_and_an_encrypted_note(personas, make_case):
    case = make_case()
    measure = _measure(personas, case)
    reviewer = personas.actor("commune_case_worker")
    services.measure_review(
        actor=reviewer,
        measure=measure,
        expected_version=measure.version,
        outcome="change",
        note=REVIEW_NOTE,
        next_review_date=TODAY() + datetime.timedelta(days=14),
    )
    review = MeasureReview.objects.get(measure=measure)
    assert (review.reviewed_by, review.reviewed_by_agency, review.reviewed_on) == (
        reviewer.user,
        reviewer.agency,
        TODAY(),
    )
    assert (review.outcome, review.next_review_date, review.note) == (
        "change",
        TODAY() + datetime.timedelta(days=14),
        REVIEW_NOTE,
    )
    measure.refresh_from_db()
    assert measure.status == "active" and measure.review_date == TODAY() + datetime.timedelta(days=14)
    # The note is encrypted at rest; the timeline and the audit trail hold ids and codes, never the note.
    table = connection.ops.quote_name(MeasureReview._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT note FROM {table}")  # noqa: S608 - the model's own table
        (stored,) = cursor.fetchone()
    assert "anh họ" not in stored and "Hải Phòng" not in stored and stored.startswith("test1:")
    event = case.events.get(kind="protection_measure_reviewed")
    assert event.data["outcome"] == "change" and event.data["review"] == review.pk
    audit = AuditEvent.objects.get(object_type="protection_measure", object_id=str(measure.pk), action="change")
    assert audit.details["review"] == review.pk and audit.details["outcome"] == "change"
    assert "anh họ" not in str(audit.details) and "anh họ" not in str(event.data)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"note": "  "}, "note"),
        ({"outcome": "pause"}, "outcome"),
        ({"reviewed_on": 1}, "reviewed_on"),
        ({"next_review_date": 0}, "next_review_date"),
    ],
)
def test_a_bad_review_is_refused_and_changes_nothing(personas, make_case, fields, field):
    case = make_case()
    measure = _measure(personas, case)
    dates = ("reviewed_on", "next_review_date")
    values = {"outcome": "change", "note": REVIEW_NOTE} | {
        name: _days(value) if name in dates else value for name, value in fields.items()
    }
    with pytest.raises(ValidationError) as refused:
        services.measure_review(
            actor=personas.actor("commune_case_worker"), measure=measure, expected_version=measure.version, **values
        )
    assert field in refused.value.message_dict
    measure.refresh_from_db()
    assert measure.version == 1 and measure.last_reviewed_on is None and not measure.reviews.exists()
    assert not case.events.filter(kind="protection_measure_reviewed").exists()


def _days(n):
    return TODAY() + datetime.timedelta(days=n)


# Dates as days from today, worked out when the test runs (not when it is collected: a run that crosses
# midnight would otherwise compare "tomorrow" with a today that has become it).
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_date": 10, "review_date": 0}, "review_date"),
        ({"end_date": -1}, "end_date"),
        ({"decided_on": 1}, "decided_on"),
        ({"start_date": -400}, "start_date"),
        ({"review_date": 40, "end_date": 20}, "review_date"),
        ({"protects": "helper", "measure_type_id": None}, "measure_type"),
        ({"deciding_official": " "}, "deciding_official"),
        ({"deciding_agency_id": 999999}, "deciding_agency"),
    ],
)
def test_bad_measures_are_refused_and_nothing_is_saved(personas, make_case, fields, field):
    case = make_case()
    dates = ("start_date", "review_date", "end_date", "decided_on")
    fields = {name: _days(value) if name in dates else value for name, value in fields.items()}
    with pytest.raises(ValidationError) as refused:
        _measure(personas, case, **fields)
    assert field in refused.value.message_dict
    assert not ProtectionMeasure.objects.exists()


def test_a_measure_of_the_other_regime_or_for_someone_it_does_not_protect_is_refused(personas, make_case):
    case = make_case()
    old = ProtectionMeasureType.objects.get(code="escort", effective_from=datetime.date(2012, 1, 1))
    with pytest.raises(ValidationError) as refused:
        _measure(personas, case, measure_type_id=old.pk)
    assert "measure_type" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _measure(personas, case, measure_type_id=_type("escort").pk, protects="helper")
    assert "protects" in refused.value.message_dict


def test_a_refusal_is_recorded_only_with_the_signed_commitment(personas, make_case, media):
    case = make_case()
    measure = _measure(personas, case, protects="relative", protected_description="mẹ", protected_name="Lê Thị Mai")
    worker = personas.actor("commune_case_worker")
    with pytest.raises(ValidationError) as refused:
        services.measure_refusal_record(
            actor=worker, measure=measure, expected_version=measure.version, refused_on=TODAY(), reason="Không muốn"
        )
    assert "commitment" in refused.value.message_dict
    bad = SimpleUploadedFile("cam-ket.exe", b"MZ\x90\x00", "application/octet-stream")
    with pytest.raises(ValidationError) as refused:
        services.measure_refusal_record(
            actor=worker, measure=measure, expected_version=measure.version, refused_on=TODAY(), uploaded_file=bad
        )
    assert "commitment" in refused.value.message_dict
    measure.refresh_from_db()
    assert measure.status == "active" and not CaseDocument.objects.filter(case=case).exists()
    signed = SimpleUploadedFile("cam-ket.pdf", PDF, "application/pdf")
    services.measure_refusal_record(
        actor=worker, measure=measure, expected_version=measure.version, refused_on=TODAY(), uploaded_file=signed
    )
    measure.refresh_from_db()
    assert measure.status == "refused" and measure.commitment.case_id == case.pk
    assert case.events.filter(kind="protection_measure_refused").exists()


def test_a_risk_assessment_closes_the_last_and_its_review_is_in_the_assessors_queue(personas, make_case):
    case = make_case()
    worker = personas.actor("commune_case_worker")
    first = services.risk_assess(actor=worker, case=case, level="high", codes=["traffickers", "retrafficking"])
    assert first.review_date == TODAY() + datetime.timedelta(days=30)
    assert any(item.due_date == first.review_date for item in all_items(worker))
    second = services.risk_assess(actor=worker, case=case, level="medium", narrative="Đã chuyển nơi ở an toàn")
    first.refresh_from_db()
    assert first.closed_at is not None and second.closed_at is None
    assert [i.due_date for i in all_items(worker) if "risk" in str(i.url)] == [second.review_date]


def test_child_risks_are_for_a_child_only_and_bad_input_is_refused(personas, make_case):
    adult = make_case()
    child = make_case(birth_year=TODAY().year - 15)
    worker = personas.actor("commune_case_worker")
    with pytest.raises(ValidationError) as refused:
        services.risk_assess(actor=worker, case=adult, level="high", codes=["child_no_guardian"])
    assert "codes" in refused.value.message_dict
    for bad in (
        {"level": "extreme"},
        {"level": "low", "codes": ["nonsense"]},
        {"level": "low", "review_date": TODAY() - datetime.timedelta(days=1)},
    ):
        with pytest.raises(ValidationError):
            services.risk_assess(actor=worker, case=child, **bad)
    assert not RiskAssessment.objects.exists()
    assessment = services.risk_assess(
        actor=worker, case=child, level="critical", codes=["child_abuse_in_family", "child_school_dropout"]
    )
    assert assessment.code_list == ["child_abuse_in_family", "child_school_dropout"]


def test_intake_officers_and_outsiders_neither_assess_nor_record(personas, make_case):
    case = make_case()
    for who in ("intake", "other_verifier"):
        with pytest.raises(errors.Denied):
            services.risk_assess(actor=personas.actor(who), case=case, level="low")
        with pytest.raises(errors.Denied):
            services.measure_record(
                actor=personas.actor(who),
                case=case,
                measure_type_id=_type("escort").pk,
                protects="victim",
                requested_by_agency_id=personas.commune.pk,
                deciding_agency_id=personas.police.pk,
                deciding_official="x",
                decided_on=TODAY(),
                start_date=TODAY(),
            )
