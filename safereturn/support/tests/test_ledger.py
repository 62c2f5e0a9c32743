"""The ledger of services and payments: what is recorded, what is refused (nothing saved), approvals,
supervisors' decisions, audit and timeline; the loader of the engine on a real case."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent
from safereturn.core import errors
from safereturn.core.work_queues import all_items
from safereturn.support import entitlements, services
from safereturn.support.models import SupportDecision, SupportRecord


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; ``test_messages_are_in_vietnamese_by_default`` checks Vietnamese."""
    with translation.override("en"):
        yield


REFERENCE = {"number": "15/QĐ-UBND", "signer_name": "Nguyễn Văn An", "signer_title": "Chủ tịch"}


def today():
    return timezone.localdate()


def food(case, days=10, start=None, **extra):
    start = start or timezone.localdate(case.received_at)
    return {
        "item_code": "food",
        "provider_kind": "agency",
        "provider_agency_id": case.receiving_agency_id,
        "date_from": start,
        "date_to": start + datetime.timedelta(days=days - 1),
        "quantity": days,
        "unit_rate": 80_000,  # Cần Thơ's (demo) resolution
        "funding_source": "state_budget",
        **extra,
    }


def refused(actor, case, data, field):
    before = SupportRecord.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.record_add(actor=actor, case=case, data=data)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert (SupportRecord.objects.count(), AuditEvent.objects.count()) == before
    return caught.value.message_dict[field][0]


def test_a_day_by_day_payment_is_recorded_with_amount_in_words_audit_and_timeline(actors, received_case):
    case = received_case()
    entry = services.record_add(actor=actors["commune_case_worker"], case=case, data=food(case))
    assert entry.status == "recorded"
    assert entry.amount == 800_000
    assert entry.amount_in_words == "Tám trăm nghìn đồng"
    assert AuditEvent.objects.filter(object_type="support_record", object_id=str(entry.pk)).exists()
    event = CaseEvent.objects.get(case=case, kind="support_recorded")
    assert event.data["amount"] == 800_000
    answer = entitlements.entitlement_for(entitlements.for_case(case), "food")
    assert answer.given == 10


def test_the_engine_loader_reads_the_case(received_case):
    case = received_case()
    facts = entitlements.facts_for_case(case)
    assert facts.status == "identified_in_vn"
    assert facts.province_id == 92
    answers = entitlements.for_case(case)
    food_answer = entitlements.entitlement_for(answers, "food")
    assert food_answer.amount_per_unit == 80_000  # Cần Thơ's override
    assert not entitlements.entitlement_for(answers, "hardship_allowance").entitled  # victims only


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit_rate": -5}, "unit_rate"),
        ({"unit_rate": 0}, "unit_rate"),
        ({"unit_rate": 10**12}, "unit_rate"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": 5000}, "quantity"),
        ({"quantity": 11}, "quantity"),  # 11 days do not fit in a 10-day period
        ({"date_from": datetime.date(2020, 1, 1)}, "date_from"),  # before the case was received
        ({"provider_kind": "agency", "provider_agency_id": None}, "provider_agency"),
        ({"provider_kind": "hospital", "provider_agency_id": None}, "provider_name"),
        ({"funding_source": ""}, "funding_source"),
        ({"item_code": "no_such_item"}, "item_code"),
        ({"beneficiary": "accompanying_child"}, "beneficiary"),  # the case records no child
    ],
)
def test_bad_input_is_refused_and_nothing_changes(actors, received_case, change, field):
    case = received_case()
    refused(actors["commune_case_worker"], case, food(case) | change, field)


def test_a_date_in_the_future_is_refused(actors, received_case):
    case = received_case()
    data = food(case, start=today(), days=3)
    assert "future" in refused(actors["commune_case_worker"], case, data, "date_to")


def test_a_rate_above_the_entitlement_is_refused(actors, received_case):
    case = received_case()
    message = refused(actors["commune_case_worker"], case, food(case, unit_rate=90_000), "unit_rate")
    assert "80.000" in message


def test_not_entitled_is_refused_with_the_reason(actors, received_case):
    case = received_case()
    data = {
        "item_code": "hardship_allowance",
        "provider_kind": "agency",
        "provider_agency_id": case.receiving_agency_id,
        "date_from": today(),
        "quantity": 1,
        "unit_rate": 1_000_000,
        "funding_source": "state_budget",
    }
    assert "not entitled" in refused(actors["commune_case_worker"], case, data, "item_code")


def test_the_same_days_cannot_be_paid_twice(actors, received_case):
    case = received_case()
    services.record_add(actor=actors["commune_case_worker"], case=case, data=food(case, days=5))
    refused(actors["commune_case_worker"], case, food(case, days=5), "date_from")


def test_payment_after_the_120_day_cap_is_refused_until_a_decision_extends_it(actors, received_case):
    case = received_case(days_ago=130)
    worker, supervisor = actors["commune_case_worker"], actors["commune_supervisor"]
    start = timezone.localdate(case.received_at)
    services.record_add(actor=worker, case=case, data=food(case, days=120))
    after = start + datetime.timedelta(days=120)
    data = food(case, days=5, start=after)
    # No stay: the days given count (decision 38); none of the 120 is left.
    assert "Only 0 days are left" in refused(worker, case, data, "quantity")
    # the supervisor's recorded decision extends essential needs by 30 days
    services.decision_record(
        actor=supervisor,
        case=case,
        number="15/QĐ-UBND",
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        kind="extend_cap",
        item_code="food",
        decided_on=today(),
        reason="Chưa có nơi ở an toàn",
        extra_units=30,
    )
    entry = services.record_add(actor=worker, case=case, data=data)
    assert entry.status == "recorded"
    answer = entitlements.entitlement_for(entitlements.for_case(case), "food")
    assert answer.cap_units == 150 and answer.given == 125


def test_a_decision_allowing_a_payment_above_the_entitlement(actors, received_case):
    case = received_case()
    worker, supervisor = actors["commune_case_worker"], actors["commune_supervisor"]
    decision = services.decision_record(
        actor=supervisor,
        case=case,
        number="15/QĐ-UBND",
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        kind="allow_over",
        item_code="food",
        decided_on=today(),
        reason="Giá cả tăng",
    )
    entry = services.record_add(actor=worker, case=case, data=food(case, unit_rate=90_000, decision_id=decision.pk))
    assert entry.decision == decision and entry.amount == 900_000
    # used once only
    refused(worker, case, food(case, days=3, start=entry.date_to + datetime.timedelta(days=1), unit_rate=90_000,
                               decision_id=decision.pk), "decision")  # fmt: skip


def test_the_supervisor_who_allowed_it_cannot_record_it(actors, received_case):
    case = received_case()
    supervisor = actors["commune_supervisor"]
    decision = services.decision_record(
        actor=supervisor,
        case=case,
        number="15/QĐ-UBND",
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        kind="allow_over",
        item_code="food",
        decided_on=today(),
        reason="Giá cả tăng",
    )
    refused(supervisor, case, food(case, unit_rate=90_000, decision_id=decision.pk), "decision")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": " "}, "reason"),
        ({"extra_units": 0}, "extra_units"),
        ({"extra_units": 100000}, "extra_units"),
        ({"decided_on": datetime.date(2100, 1, 1)}, "decided_on"),
        ({"item_code": "clothing"}, "item_code"),  # not extendable
        # the decision as it was signed: number and symbol, signer's name and title
        ({"number": ""}, "number"),
        ({"number": "15"}, "number"),
        ({"number": "QĐ-UBND"}, "number"),
        ({"number": "15 / QĐ"}, "number"),
        ({"signer_name": "  "}, "signer_name"),
        ({"signer_title": ""}, "signer_title"),
        ({"signer_name": "A" * 121}, "signer_name"),
    ],
)
def test_bad_decisions_are_refused(actors, received_case, change, field):
    case = received_case()
    fields = {"kind": "extend_cap", "item_code": "food", "decided_on": today(), "reason": "Lý do", "extra_units": 30}
    fields |= REFERENCE
    with pytest.raises(ValidationError) as caught:
        services.decision_record(actor=actors["commune_supervisor"], case=case, **(fields | change))
    assert field in caught.value.message_dict
    assert not SupportDecision.objects.exists()


def test_only_supervisors_of_a_participating_agency_decide(actors, received_case):
    case = received_case()
    fields = {"kind": "allow_over", "item_code": "food", "decided_on": today(), "reason": "Lý do"} | REFERENCE
    for who in ("commune_case_worker", "other_supervisor"):
        with pytest.raises(errors.Denied):
            services.decision_record(actor=actors[who], case=case, **fields)


def test_cash_support_needs_approval_by_another_supervisor(actors, received_case):
    case = received_case()
    worker, supervisor = actors["commune_case_worker"], actors["commune_supervisor"]
    case.status = "identified"
    case.save(update_fields=["status"])
    data = {
        "item_code": "hardship_allowance",
        "provider_kind": "agency",
        "provider_agency_id": case.receiving_agency_id,
        "date_from": today(),
        "quantity": 1,
        "unit_rate": 2_000_000,
        "funding_source": "state_budget",
    }
    entry = services.record_add(actor=worker, case=case, data=data)
    assert entry.status == "awaiting_approval"
    assert entitlements.entitlement_for(entitlements.for_case(case), "hardship_allowance").given == 0
    with pytest.raises(errors.Denied):
        services.record_decide(actor=worker, entry=entry, approve=True, version=entry.version)
    with pytest.raises(errors.Denied):
        services.record_decide(actor=actors["other_supervisor"], entry=entry, approve=True, version=entry.version)
    with pytest.raises(errors.Conflict):
        services.record_decide(actor=supervisor, entry=entry, approve=True, version=entry.version + 1)
    services.record_decide(actor=supervisor, entry=entry, approve=True, version=entry.version)
    entry.refresh_from_db()
    assert entry.status == "approved" and entry.approved_by == supervisor.user
    assert entitlements.entitlement_for(entitlements.for_case(case), "hardship_allowance").cap_reached
    with pytest.raises(errors.StateError):
        services.record_decide(actor=supervisor, entry=entry, approve=True, version=entry.version)
    # the one-off limit is reached: a second allowance is refused
    refused(worker, case, data, "quantity")


def test_an_officer_outside_the_case_cannot_record(actors, received_case):
    case = received_case()
    with pytest.raises(errors.Denied):
        services.record_add(actor=actors["other_case_worker"], case=case, data=food(case))


def test_a_service_outside_the_agency_with_its_provider_and_outcome(actors, received_case):
    case = received_case()
    entry = services.record_add(
        actor=actors["commune_case_worker"],
        case=case,
        data={
            "item_code": "medical_care",
            "provider_kind": "hospital",
            "provider_name": "Bệnh viện Đa khoa Cần Thơ",
            "date_from": today(),
            "quantity": 1,
            "outcome": "Khám tổng quát, sức khỏe ổn định",
        },
    )
    assert entry.amount is None and entry.status == "recorded"
    assert SupportRecord.objects.get(pk=entry.pk).outcome == "Khám tổng quát, sức khỏe ổn định"


def test_the_command_prints_without_identity(actors, received_case, capsys):
    case = received_case()
    call_command("entitlements", case.number, "--json")
    out = capsys.readouterr().out
    assert case.number in out and "food" in out
    assert "Lò Thị Mai" not in out
    call_command("entitlements", case.number, "--on", today().isoformat(), "--as", actors["intake"].user.username)
    out = capsys.readouterr().out
    assert "Lò Thị Mai" not in out and "Tiền ăn" in out


def test_messages_are_in_vietnamese_by_default(actors, received_case):
    case = received_case()
    with translation.override("vi"):
        message = refused(actors["commune_case_worker"], case, food(case, unit_rate=90_000), "unit_rate")
    assert "mức" in message.lower() and "80.000" in message


def test_an_accompanying_child_has_the_eight_regimes_and_its_own_count(actors, received_case):
    case = received_case(accompanying_children=1)
    child = entitlements.for_case(case, beneficiary="accompanying_child")
    assert {e.regime_code for e in child if e.entitled} == {
        "essential_needs",
        "medical",
        "interpretation",
        "legal_advice",
        "legal_aid",
        "travel",
        "psychological",
        "schooling",
    }
    services.record_add(
        actor=actors["commune_case_worker"], case=case, data=food(case, days=4, beneficiary="accompanying_child")
    )
    assert entitlements.entitlement_for(entitlements.for_case(case), "food").given == 0
    given = entitlements.entitlement_for(entitlements.for_case(case, beneficiary="accompanying_child"), "food").given
    assert given == 4
    # the same days for the mother are not a double payment
    services.record_add(actor=actors["commune_case_worker"], case=case, data=food(case, days=4))


def test_cash_support_waits_in_the_supervisors_work_queue(actors, received_case):
    case = received_case()
    case.status = "identified"
    case.save(update_fields=["status"])
    entry = services.record_add(
        actor=actors["commune_case_worker"],
        case=case,
        data={
            "item_code": "hardship_allowance",
            "provider_kind": "agency",
            "provider_agency_id": case.receiving_agency_id,
            "date_from": today(),
            "quantity": 1,
            "unit_rate": 2_000_000,
            "funding_source": "state_budget",
        },
    )
    items = [i for i in all_items(actors["commune_supervisor"]) if getattr(i, "entry", None) == entry]
    assert len(items) == 1 and case.number in str(items[0])
    assert not [i for i in all_items(actors["commune_case_worker"]) if getattr(i, "entry", None) == entry]
    assert not [i for i in all_items(actors["other_supervisor"]) if getattr(i, "entry", None) == entry]
    services.record_decide(actor=actors["commune_supervisor"], entry=entry, approve=True, version=entry.version)
    assert not [i for i in all_items(actors["commune_supervisor"]) if getattr(i, "entry", None) == entry]
