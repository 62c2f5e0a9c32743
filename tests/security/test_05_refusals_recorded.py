"""Finding 5: refused attempts at case data are recorded, and many of them alert the officer's supervisors
and the province's auditors (docs/decisions/0023)."""

import pytest
from django.urls import reverse

from safereturn.audit.models import AuditAction, AuditEvent
from safereturn.notifications.models import Notification
from safereturn.testing.personas import CAN_THO


@pytest.fixture
def other_commune(make_agency):
    """A ward committee of Cần Thơ other than Phú Lợi (where the kit's cases are received)."""
    return make_agency("commune_committee", level="commune", province_code=CAN_THO)


@pytest.fixture
def outsider(make_officer, other_commune):
    return make_officer("case_worker", agency=other_commune, username="outsider.officer")


def _refusals(user):
    return list(AuditEvent.objects.filter(actor_id=user.pk, action=AuditAction.DENIED).order_by("id"))


def test_a_refused_case_page_is_recorded(client, force_sign_in, make_case, outsider, other_commune):
    case = make_case()
    force_sign_in(outsider)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    [event] = _refusals(outsider)
    assert event.object_type == "case"
    assert event.object_id == str(case.pk)
    assert event.agency_id == other_commune.pk
    assert event.role == "case_worker"
    assert event.details["route"] == "cases:detail"
    assert event.details["method"] == "GET"
    assert event.details["status"] == 404


def test_a_refused_api_read_is_recorded(client, force_sign_in, make_case, outsider):
    case = make_case()
    force_sign_in(outsider)
    response = client.get(reverse("api:case", args=[case.pk]))
    assert response.status_code == 404
    [event] = _refusals(outsider)
    assert (event.object_type, event.object_id) == ("case", str(case.pk))
    assert event.details["route"] == "api:case"
    assert event.details["status"] == 404


def test_an_api_refusal_for_a_role_without_case_data_is_recorded(client, force_sign_in, make_case, personas):
    case = make_case()
    force_sign_in("reporting")
    response = client.get(reverse("api:case-timeline", args=[case.pk]))
    assert response.status_code == 403
    [event] = _refusals(personas.reporting)
    assert event.details["status"] == 403
    assert event.object_id == str(case.pk)


def test_a_served_case_page_records_no_refusal(client, force_sign_in, make_case, personas):
    case = make_case()
    force_sign_in("intake")
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert _refusals(personas.intake) == []


def test_an_alert_at_the_threshold_reaches_the_supervisor_and_the_auditor_not_before(
    client, force_sign_in, make_case, make_officer, make_agency, outsider, other_commune, settings, personas
):
    settings.SAFERETURN_REFUSAL_ALERT_COUNT = 3
    settings.SAFERETURN_REFUSAL_ALERT_MINUTES = 15
    supervisor = make_officer("supervisor", agency=other_commune)
    auditor = make_officer("auditor", agency=make_agency("health_department"))
    elsewhere_auditor = make_officer("auditor", agency=personas.other_police)
    case = make_case()
    force_sign_in(outsider)
    url = reverse("cases:detail", args=[case.pk])

    for _ in range(2):
        assert client.get(url).status_code == 404
    assert not Notification.objects.filter(kind="refusals_alert").exists()

    assert client.get(url).status_code == 404
    alerts = Notification.objects.filter(kind="refusals_alert")
    assert {n.recipient_id for n in alerts} == {supervisor.pk, auditor.pk}
    assert elsewhere_auditor.pk not in {n.recipient_id for n in alerts}
    alert = alerts.first()
    assert alert.params == {"officer": "outsider.officer", "count": 3, "minutes": 15}
    assert alert.link == reverse("oversight:audit_trail") + "?user=outsider.officer&action=denied"

    # The auditor's link opens the officer's refusals.
    force_sign_in(auditor)
    page = client.get(alert.link)
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 3

    # Not again until the next multiple.
    force_sign_in(outsider)
    client.get(url)
    assert Notification.objects.filter(kind="refusals_alert").count() == 2
