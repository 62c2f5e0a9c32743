"""Pages and API: a referral drafted on the page, sent, answered; the recipient reads the chosen sections
only while the referral is active (pages and API both); two officers at once; bad input; the case panel."""

import pytest

from safereturn.referrals import services
from safereturn.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _sent(world, sections=("basic", "protection")):
    referral = services.referral_draft(
        actor=world.sender,
        case=world.case,
        kind="legal_aid",
        recipient_agency_id=world.legal_aid.pk,
        sections=list(sections),
        wish="return_home",
    )
    return services.referral_act(actor=world.sender, referral=referral, action="send", expected_version=1)


def test_draft_on_the_page_then_send(consented, force_sign_in, client):
    world = consented
    force_sign_in("commune_case_worker")
    case_page = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert 'data-testid="referrals-panel"' in case_page and f"/referrals/cases/{world.case.pk}/new/" in case_page
    form = client.get(f"/referrals/cases/{world.case.pk}/new/")
    assert form.status_code == 200 and world.legal_aid.name in form.content.decode()
    empty = client.post(f"/referrals/cases/{world.case.pk}/new/", {})
    assert empty.status_code == 200 and 'data-testid="error-summary"' in empty.content.decode()
    assert not Referral.objects.exists()
    made = client.post(
        f"/referrals/cases/{world.case.pk}/new/",
        {
            "kind": "legal_aid",
            "recipient_agency": world.legal_aid.pk,
            "sections": ["basic", "needs"],
            "wish": "shelter",
            "wish_followed": "no",
            "wish_not_followed": "no_service",
        },
    )
    referral = Referral.objects.get()
    assert made.status_code == 302 and made.url == f"/referrals/{referral.pk}/"
    assert referral.status == "draft" and not referral.wish_followed and referral.wish_not_followed == "no_service"
    sent = client.post(f"/referrals/{referral.pk}/act/", {"action": "send", "version": referral.version})
    assert sent.status_code == 302
    assert Referral.objects.get().status == "sent"
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'data-testid="referral-revoke"' in page


def test_sending_without_consent_says_why_on_the_page(world, force_sign_in, client):
    referral = services.referral_draft(
        actor=world.sender,
        case=world.case,
        kind="legal_aid",
        recipient_agency_id=world.legal_aid.pk,
        sections=["basic"],
        wish="return_home",
    )
    force_sign_in("commune_case_worker")
    answer = client.post(f"/referrals/{referral.pk}/act/", {"action": "send", "version": 1}, follow=True)
    assert "sự đồng ý" in answer.content.decode()
    assert Referral.objects.get().status == "draft"


@pytest.mark.parametrize("ending", ["decline", "complete", "revoke"])
def test_the_recipient_loses_the_referral_on_pages_and_api_the_moment_it_ends(consented, force_sign_in, client, ending):
    world = consented
    referral = _sent(world)
    force_sign_in(world.lawyer_user)
    page = client.get(f"/referrals/{referral.pk}/")
    api = client.get(f"/api/referrals/{referral.pk}/")
    assert page.status_code == 200 and api.status_code == 200
    shown = page.content.decode()
    assert 'data-section="basic"' in shown and 'data-section="protection"' in shown
    assert 'data-section="needs"' not in shown and "Duyên" not in shown
    assert [s["code"] for s in api.json()["shared"]] == ["basic", "protection"]
    assert "Duyên" not in api.content.decode()
    # The case itself never opens to it, on pages or API.
    assert client.get(f"/cases/{world.case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{world.case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{world.case.pk}/referrals/").status_code == 404
    listed = client.get("/api/referrals/").json()
    assert [r["id"] for r in listed["received"]] == [referral.pk]
    if ending == "complete":
        assert client.post(f"/referrals/{referral.pk}/act/", {"action": "accept", "version": 2}).status_code == 302
        version = 3
    else:
        version = 2
    if ending == "revoke":
        services.referral_act(actor=world.sender, referral=Referral.objects.get(), action="revoke", expected_version=2)
    else:
        body = {"action": ending, "version": version, "decline_reason": "outside_area"}
        done = client.post(f"/api/referrals/{referral.pk}/transitions/", body, content_type="application/json")
        assert done.status_code == 200, done.content
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404
    assert client.get(f"/api/referrals/{referral.pk}/").status_code == 404
    assert client.get("/api/referrals/").json()["received"] == []
    again = client.post(f"/api/referrals/{referral.pk}/transitions/", {"action": "accept", "version": 9},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 404


def test_two_officers_at_once_on_the_api_second_gets_409_with_a_message(consented, force_sign_in, client):
    world = consented
    referral = _sent(world)
    force_sign_in(world.lawyer_user)
    url = f"/api/referrals/{referral.pk}/transitions/"
    first = client.post(url, {"action": "accept", "version": 2}, content_type="application/json")
    second = client.post(
        f"/api/referrals/{referral.pk}/transitions/",
        {"action": "decline", "version": 2, "decline_reason": "no_capacity"},
        content_type="application/json",
    )
    assert first.status_code == 200 and second.status_code == 409
    assert second.json()["detail"]
    assert Referral.objects.get().status == "accepted"


def test_two_officers_at_once_on_the_page_the_second_is_told(consented, force_sign_in, client):
    world = consented
    referral = _sent(world)
    services.referral_act(actor=world.director, referral=referral, action="accept", expected_version=2)
    force_sign_in(world.lawyer_user)
    answer = client.post(
        f"/referrals/{referral.pk}/act/",
        {"action": "decline", "version": 2, "decline_reason": "no_capacity"},
        follow=True,
    )
    assert "Người khác đã thay đổi" in answer.content.decode() or "không thể" in answer.content.decode()
    assert Referral.objects.get().status == "accepted"


def test_decline_without_reason_shows_the_form_again(consented, force_sign_in, client):
    referral = _sent(consented)
    force_sign_in(consented.lawyer_user)
    answer = client.post(f"/referrals/{referral.pk}/act/", {"action": "decline", "version": 2})
    assert answer.status_code == 200 and 'data-testid="error-summary"' in answer.content.decode()
    assert Referral.objects.get().status == "sent"


def test_api_create_and_list_for_the_sender(consented, force_sign_in, client):
    world = consented
    force_sign_in("commune_case_worker")
    bad = client.post(f"/api/cases/{world.case.pk}/referrals/", {"kind": "legal_aid"}, content_type="application/json")
    assert bad.status_code == 400 and not Referral.objects.exists()
    made = client.post(
        f"/api/cases/{world.case.pk}/referrals/",
        {"kind": "legal_aid", "recipient_agency": world.legal_aid.pk, "sections": ["basic"], "wish": "return_home"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    listed = client.get(f"/api/cases/{world.case.pk}/referrals/").json()
    assert [r["id"] for r in listed] == [made.json()["id"]]
    url = f"/api/referrals/{made.json()['id']}/transitions/"
    sent = client.post(url, {"action": "send", "version": 1}, content_type="application/json")
    assert sent.status_code == 200 and sent.json()["status"] == "sent" and sent.json()["basis"] == "consent"


def test_the_referral_list_page(consented, force_sign_in, client):
    referral = _sent(consented)
    force_sign_in(consented.lawyer_user)
    page = client.get("/referrals/").content.decode()
    assert f"/referrals/{referral.pk}/" in page
    force_sign_in("commune_case_worker")
    page = client.get("/referrals/").content.decode()
    assert f"/referrals/{referral.pk}/" in page


def test_numbers_past_the_column_are_not_found_not_errors(consented, force_sign_in, client):
    force_sign_in("commune_case_worker")
    huge = 10**30
    assert client.get(f"/referrals/{huge}/").status_code == 404
    assert client.get(f"/api/referrals/{huge}/").status_code == 404
    referral = _sent(consented)
    answer = client.post(f"/referrals/{referral.pk}/act/", {"action": "revoke", "version": str(huge)})
    assert answer.status_code == 302 and Referral.objects.get().status == "sent"
