"""An agency's spending by regime and month is kept by the services as records start to count (decision 0040):
the spending view reads those months, and they are always the sums of the counting records."""

import datetime

from django.utils import timezone

from safereturn.support import selectors, services, spending
from safereturn.support.models import SpendingMonth, SupportRecord


def _food(case, days=3, start=None):
    start = start or timezone.localdate(case.received_at)
    return {
        "item_code": "food",
        "provider_kind": "agency",
        "provider_agency_id": case.receiving_agency_id,
        "date_from": start,
        "date_to": start + datetime.timedelta(days=days - 1),
        "quantity": days,
        "unit_rate": 80_000,
        "funding_source": "state_budget",
    }


def _cash(case):
    return {
        "item_code": "hardship_allowance",
        "provider_kind": "agency",
        "provider_agency_id": case.receiving_agency_id,
        "date_from": timezone.localdate(),
        "quantity": 1,
        "unit_rate": 2_000_000,
        "funding_source": "state_budget",
    }


def _summed_from_records(agency):
    """What the months must hold: the counting records of the agency, summed by hand."""
    sums = {}
    for entry in SupportRecord.objects.filter(recording_agency=agency, status__in=("recorded", "approved")):
        key = (entry.date_from.replace(day=1), entry.regime_code)
        total, records = sums.get(key, (0, 0))
        sums[key] = (total + (entry.amount or 0), records + 1)
    return sums


def _kept(agency):
    return {(m.month, m.regime_code): (m.total, m.records) for m in SpendingMonth.objects.filter(agency=agency)}


def test_a_recorded_service_counts_in_its_month_and_cash_only_once_approved(actors, received_case):
    worker, supervisor = actors["commune_case_worker"], actors["commune_supervisor"]
    agency = worker.agency
    case = received_case()
    services.record_add(actor=worker, case=case, data=_food(case))
    received = timezone.localdate(case.received_at)
    services.record_add(actor=worker, case=case, data=_food(case, days=2, start=received + datetime.timedelta(days=3)))
    month = received.replace(day=1)
    assert sum(total for total, _n in _kept(agency).values()) == 400_000  # 5 days at 80,000
    assert _kept(agency).get((month, "essential_needs"), (0, 0))[1] >= 1

    case.status = "identified"
    case.save(update_fields=["status"])
    waiting = services.record_add(actor=worker, case=case, data=_cash(case))
    assert waiting.status == "awaiting_approval"
    assert (timezone.localdate().replace(day=1), "hardship_allowance") not in _kept(agency)
    services.record_decide(actor=supervisor, entry=waiting, approve=True, version=waiting.version)
    assert _kept(agency)[(timezone.localdate().replace(day=1), "hardship_allowance")] == (2_000_000, 1)
    assert _kept(agency) == _summed_from_records(agency)


def test_rejected_cash_never_counts(actors, received_case):
    worker, supervisor = actors["commune_case_worker"], actors["commune_supervisor"]
    case = received_case()
    case.status = "identified"
    case.save(update_fields=["status"])
    entry = services.record_add(actor=worker, case=case, data=_cash(case))
    services.record_decide(actor=supervisor, entry=entry, approve=False, version=entry.version)
    assert _kept(worker.agency) == {}


def test_the_spending_view_reads_the_months_in_one_statement(actors, received_case, django_assert_num_queries):
    worker = actors["commune_case_worker"]
    case = received_case()
    services.record_add(actor=worker, case=case, data=_food(case))
    year = timezone.localdate(case.received_at).year
    with django_assert_num_queries(1):
        rows = selectors.agency_spending(worker.agency, year)
    assert rows == [
        {
            "regime_code": "essential_needs",
            "month": timezone.localdate(case.received_at).replace(day=1),
            "total": 240_000,
            "records": 1,
        }
    ]
    assert selectors.agency_spending(worker.agency, year - 1) == []


def test_the_months_are_made_again_from_the_records(actors, received_case):
    worker = actors["commune_case_worker"]
    case = received_case()
    services.record_add(actor=worker, case=case, data=_food(case))
    kept = _kept(worker.agency)
    SpendingMonth.objects.all().delete()
    assert spending.rebuild(SupportRecord, SpendingMonth) == 1
    assert _kept(worker.agency) == kept == _summed_from_records(worker.agency)
