"""Finding 12, in part: an officer could record a case in a province outside their agency's, and a
provincial legal-aid officer could close another commune's register entry. Cases are recorded where
the agency works; the commune register is kept by the commune's agencies and the province's
overseeing agencies (health department, police, border guard), not by every provincial body."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safereturn.cases import services as case_services
from safereturn.cases.models import Case
from safereturn.testing.personas import actor_of, new_agency, new_officer
from safereturn.tips import services as tip_services
from safereturn.tips.models import RegisterEntry

pytestmark = pytest.mark.django_db


def _intake(province_id, commune_id):
    return case_services.IntakeData(
        person=case_services.PersonData(full_name="Phan Thị Thử"),
        channel="self_return",
        received_at=timezone.now() - datetime.timedelta(hours=1),
        province_id=province_id,
        commune_id=commune_id,
        route="domestic",
        risk_level="low",
    )


def test_a_commune_officer_cannot_record_a_case_in_another_province_or_commune(personas):
    intake = personas.actor("intake")  # Phường Phú Lợi, Cần Thơ
    for province_id, commune_id in ((48, 20455), (92, 31135), (92, None)):
        with pytest.raises(ValidationError) as refused:
            case_services.intake_record(actor=intake, data=_intake(province_id, commune_id))
        assert "commune" in refused.value.message_dict
    assert not Case.objects.exists()
    assert case_services.intake_record(actor=intake, data=_intake(92, 31510)).pk


def test_a_provincial_officer_records_in_their_province_only_and_the_api_says_why(personas, client, force_sign_in):
    police = personas.actor("police_verifier")  # Công an Cần Thơ
    with pytest.raises(ValidationError) as refused:
        case_services.intake_record(actor=police, data=_intake(48, 20455))
    assert "province" in refused.value.message_dict
    force_sign_in("hotline_intake")  # the Cần Thơ hotline: a provincial agency
    response = client.post(
        "/api/cases/",
        {
            "full_name": "Phan Thị Thử",
            "channel": "self_return",
            "received_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "province": 48,
            "route": "domestic",
            "risk_level": "low",
            "sex": "female",
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "province" in response.json()
    assert not Case.objects.exists()


def test_the_intake_page_offers_only_the_agency_territory(personas, client, force_sign_in):
    force_sign_in("intake")
    page = client.get("/cases/intake/step/2/").content.decode()  # the reception step
    received_in = re.search(r'<select name="province"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'value="(\d+)"', received_in) == ["92"]


def _entry(commune_code):
    commune_agency = new_agency("commune_committee", level="commune", commune_code=commune_code, name="UBND thử (thử)")
    keeper = actor_of(new_officer("case_worker", agency=commune_agency))
    entry = tip_services.register_entry_add(
        actor=keeper,
        data=tip_services.RegisterEntryData(
            commune_id=commune_code, category="missing_person", full_name="Lâm Thị Hoa", since=timezone.localdate()
        ),
    )
    return keeper, entry


def test_a_provincial_legal_aid_officer_cannot_see_or_close_a_commune_register_entry(client, force_sign_in):
    _keeper, entry = _entry(31135)
    legal_aid = new_agency("legal_aid_centre", province_code=92, name="Trung tâm Trợ giúp pháp lý thử (thử)")
    lawyer = new_officer("case_worker", agency=legal_aid)
    force_sign_in(lawyer)
    answer = client.patch(
        f"/api/register-entries/{entry.pk}/",
        {"version": entry.version, "status": "found_safe"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert client.get(f"/tips/register/{entry.pk}/edit/").status_code == 404
    assert RegisterEntry.objects.get(pk=entry.pk).status == "open"
    assert entry.full_name not in client.get("/tips/register/").content.decode()


def test_the_province_police_and_the_commune_keep_the_register(personas, client, force_sign_in):
    keeper, entry = _entry(31135)
    force_sign_in("police_verifier")
    answer = client.patch(
        f"/api/register-entries/{entry.pk}/",
        {"version": entry.version, "status": "found_safe"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert RegisterEntry.objects.get(pk=entry.pk).status == "found_safe"
