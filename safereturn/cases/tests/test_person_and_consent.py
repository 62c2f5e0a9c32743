import pytest
from django.utils import timezone

from safereturn.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas, make_case, force_sign_in):
    """A case of the Phú Lợi ward, and the client signed in as the ward's case worker."""
    user = personas.commune_case_worker
    case = make_case(
        personas.actor("commune_case_worker"),
        full_name="Kim Thị Duyên",
        sex="female",
        birth_year=1999,
        phone="0911222333",
        received_at=timezone.now(),
        province_id=92,
        commune_id=31510,
    )
    return force_sign_in(user), case, user


def test_person_page_needs_a_reveal_with_a_reason_then_saves_with_version(setup):
    client, case, user = setup
    before = client.get(f"/cases/{case.pk}/person/")
    assert before.status_code == 302 and before["Location"].endswith(f"/cases/{case.pk}/#identity")
    assert not AuditEvent.objects.filter(action="reveal", object_id=str(case.pk)).exists()
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "Cần sửa số điện thoại theo đề nghị của chị"})
    page = client.get(f"/cases/{case.pk}/person/")
    assert "Kim Thị Duyên" in page.content.decode()
    assert AuditEvent.objects.filter(action="reveal", object_id=str(case.pk), actor_id=user.pk).exists()
    form = {
        "version": "1",
        "full_name": "Kim Thị Duyên",
        "sex": "female",
        "birth_year": "1998",
        "nationality": "VN",
        "phone": "0911222444",
    }
    assert client.post(f"/cases/{case.pk}/person/", form).status_code == 302
    case.person.refresh_from_db()
    assert (case.person.birth_year, case.person.phone, case.person.version) == (1998, "0911222444", 2)
    stale = client.post(f"/cases/{case.pk}/person/", {**form, "phone": "0000"})
    assert "Người khác đã thay đổi hồ sơ này" in str(stale.context["form"].non_field_errors())
    bad = client.post(
        f"/cases/{case.pk}/person/", {**form, "version": "2", "nationality": "ZZ", "date_of_birth": "01/01/2999"}
    )
    assert set(bad.context["form"].errors) == {"nationality", "date_of_birth"}
    case.person.refresh_from_db()
    assert case.person.version == 2


def test_person_api_masks_and_patches(setup):
    client, case, _user = setup
    data = client.get(f"/api/cases/{case.pk}/person/").json()
    assert data["full_name"] == "Kim T. D." and data["phone"].endswith("333") and "0911" not in data["phone"]
    response = client.patch(
        f"/api/cases/{case.pk}/person/", {"version": 1, "ethnicity": "Khmer"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    conflict = client.patch(
        f"/api/cases/{case.pk}/person/", {"version": 1, "ethnicity": "Kinh"}, content_type="application/json"
    )
    assert conflict.status_code == 409
    missing = client.patch(f"/api/cases/{case.pk}/person/", {"ethnicity": "Kinh"}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    bad = client.patch(
        f"/api/cases/{case.pk}/person/",
        {"version": 2, "home_province": 92, "home_commune": 20242},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "home_commune" in bad.json()
    case.person.refresh_from_db()
    assert case.person.ethnicity == "05"  # the GSO code of the Khmer group


def test_consent_recorded_and_withdrawn_in_page_and_api(setup):
    client, case, _user = setup
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        f"/cases/{case.pk}/consents/", {"processing": "on", "share_with": ["health_department"], "given_on": today}
    )
    assert response.status_code == 302
    consent = case.consents.get()
    assert consent.share_with_list == ["health_department"]
    assert client.post(f"/cases/{case.pk}/consents/{consent.pk}/withdraw/").status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert case.events.filter(kind="consent_withdrawn").exists()
    api = client.post(
        f"/api/cases/{case.pk}/consents/",
        {"processing": True, "given_on": "2099-01-01"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "given_on" in api.json()
    api = client.post(
        f"/api/cases/{case.pk}/consents/",
        {"processing": True, "share_with": ["nope"], "given_on": "2026-01-02"},
        content_type="application/json",
    )
    assert api.status_code == 400
    api = client.post(
        f"/api/cases/{case.pk}/consents/",
        {"processing": True, "given_on": "2026-01-02"},
        content_type="application/json",
    )
    assert api.status_code == 201
    withdrawn = client.post(f"/api/cases/{case.pk}/consents/{api.json()['id']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"]
    assert case.consents.count() == 2


def test_revealing_identity_keeps_the_year_of_birth_when_no_date_is_known(setup):
    client, case, _user = setup  # born 1999, no exact date
    assert "1999" in client.get(f"/cases/{case.pk}/").content.decode()
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "Cần đối chiếu với giấy tờ của chị"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Kim Thị Duyên" in page and "1999" in page
