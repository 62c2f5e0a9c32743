"""The kit's sign-in helpers leave the session a real sign-in leaves."""

import pytest
from django.test import Client

from safereturn.audit.models import AuditEvent
from safereturn.testing import signin
from safereturn.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_goes_through_the_password_form_and_the_second_factor_page(personas):
    officer = personas.police_verifier
    client = signin.sign_in(Client(), officer, password=PASSWORD)
    assert client.get("/").status_code == 200
    actions = list(AuditEvent.objects.filter(actor_id=officer.pk).order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["login", "otp_verified"]
    with pytest.raises(AssertionError, match="password was refused"):
        signin.sign_in(Client(), officer, password="not the password")


def test_signing_the_same_officer_in_again_at_once_is_no_replay(personas):
    client = Client()
    for _ in range(3):
        signin.sign_in(client, personas.intake)
        assert client.get("/").status_code == 200


def test_force_sign_in_gives_a_verified_session_without_the_pages(personas):
    client = signin.force_sign_in(Client(), personas.intake)
    assert client.get("/").status_code == 200  # not sent to the second factor page
    assert client.get("/api/me/").json()["username"] == personas.intake.username
    assert not AuditEvent.objects.filter(action="otp_verified").exists()


def test_without_the_second_factor_an_officer_goes_nowhere(personas):
    client = Client()
    client.force_login(personas.intake)
    signin.enrol_totp(personas.intake)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
