"""Issue 16: the case page shows the person's consents — those in force first — with the agency types
each lets the case be shared with, the basis each would see it on under the sharing rules in force,
the day it was given, and, for an officer who may change the case, a link to withdraw it (a page that
says who relies on it, then a button). No identity on any of it. One query more, only when the case
has a consent naming agency types."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases import services
from safereturn.cases.models import Consent
from safereturn.testing.personas import actor_of

from .test_documents import open_case

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hương"


@pytest.fixture
def case(personas):
    return open_case(personas.health_case_worker, name=NAME)


def _consent(personas, case, share_with, days_ago=3, processing=True):
    return services.consent_record(
        actor=actor_of(personas.health_case_worker),
        case=case,
        processing=processing,
        share_with=share_with,
        given_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def _page(client, case):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_the_case_page_shows_each_consent_in_force_with_its_recipients_basis_and_date(
    client, personas, case, force_sign_in
):
    force_sign_in(personas.health_case_worker)
    client.get(f"/cases/{case.pk}/")  # the session is renewed (one write) on the first page only
    _bare, without = _page(client, case)

    old = _consent(personas, case, ["womens_union"], days_ago=30)
    services.consent_withdraw(
        actor=actor_of(personas.health_case_worker), case=case, consent_id=old.pk, withdrawn_on=timezone.localdate()
    )
    current = _consent(personas, case, ["ngo", "social_support_facility", "province_police"], processing=True)
    response, with_consents = _page(client, case)
    assert with_consents <= without + 1  # the agency types and their rules, in one statement

    rows = response.context["consents"]
    assert [r["pk"] for r in rows] == [current.pk, old.pk]  # in force first
    first = rows[0]
    assert first["in_force"] and first["given"] == (timezone.localdate() - datetime.timedelta(days=3)).strftime(
        "%d/%m/%Y"
    )
    recipients = dict(first["recipients"])
    assert recipients["Tổ chức phi chính phủ"] == "Cần sự đồng ý của người đó"
    assert recipients["Cơ sở trợ giúp xã hội / hỗ trợ nạn nhân"] == "Cần sự đồng ý của người đó"
    # The police see cases by law, consent or not: the page says so.
    assert recipients["Công an tỉnh, thành phố"].startswith("Nghĩa vụ pháp lý")
    assert not rows[1]["in_force"] and rows[1]["withdrawn"] == timezone.localdate().strftime("%d/%m/%Y")

    body = response.content.decode()
    section = body[body.index('data-testid="consents"') :]
    section = section[: section.index("</section>")]
    assert "Tổ chức phi chính phủ" in section and "Hội Liên hiệp Phụ nữ" in section
    assert NAME not in section and "092301004455" not in section
    withdraw = f"/cases/{case.pk}/consents/{current.pk}/withdraw/"
    assert section.count('data-testid="consent-withdraw-link"') == 1 and f'href="{withdraw}"' in section


def test_the_withdraw_link_leads_to_a_page_that_says_who_relies_on_it_and_only_the_button_withdraws(
    client, personas, case, force_sign_in
):
    consent = _consent(personas, case, ["ngo"])
    force_sign_in(personas.health_case_worker)
    url = f"/cases/{case.pk}/consents/{consent.pk}/withdraw/"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tổ chức phi chính phủ" in text and 'data-testid="withdraw-consent"' in text and NAME not in text
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None  # looking changes nothing
    assert AuditEvent.objects.filter(object_type="consent", object_id=str(consent.pk), action="view").exists()

    assert client.post(url).status_code == 302
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == timezone.localdate()
    again = client.get(url).content.decode()
    assert 'data-testid="consent-already-withdrawn"' in again and 'data-testid="withdraw-consent"' not in again
    assert client.get(f"/cases/{case.pk}/consents/999999/withdraw/").status_code == 404


def test_an_officer_who_may_not_change_the_case_gets_no_withdraw_link(client, personas, case, force_sign_in):
    """The province police supervisor oversees every case of the province but takes no part in this one."""
    consent = _consent(personas, case, ["ngo"])
    force_sign_in(personas.police_supervisor)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200 and not response.context["can_edit"]
    assert 'data-testid="consent-recipients"' in response.content.decode()
    assert 'data-testid="consent-withdraw-link"' not in response.content.decode()
    assert client.get(f"/cases/{case.pk}/consents/{consent.pk}/withdraw/").status_code == 403
    assert client.post(f"/cases/{case.pk}/consents/{consent.pk}/withdraw/").status_code == 403
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None
