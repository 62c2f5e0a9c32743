"""Issue #15, finding 12 (the parts of decision 0021): API tokens never expired, survived a password
change and could be revoked only in SQL; lockout was keyed on the client address (one proxy, everyone
locked out); the password reset told which addresses exist by its timing and was not rate-limited.
"""

import datetime
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.cache import cache
from django.template import loader
from django.test import override_settings
from django.utils import timezone

from safereturn.accounts.models import ApiToken
from safereturn.directory.models import Membership, Role
from safereturn.directory.services import membership_grant, membership_revoke
from safereturn.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()  # the reset counters live in the cache
    yield
    cache.clear()


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def works(client, raw):
    return client.get("/api/me/", **bearer(raw)).status_code == 200


# ---- API tokens ---------------------------------------------------------------------------------


@override_settings(SAFERETURN_API_TOKEN_DAYS=30)
def test_a_token_expires(client, make_officer):
    officer = make_officer()
    token, raw = ApiToken.issue(officer)
    assert works(client, raw)
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert not works(client, raw)

    # A token made before tokens had an expiry (none stored) ends at its age limit too.
    old, old_raw = ApiToken.issue(officer)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=None, created_at=timezone.now() - datetime.timedelta(days=31))
    assert not works(client, old_raw)


def test_a_password_change_ends_the_tokens(client, make_officer):
    officer = make_officer()
    _token, raw = ApiToken.issue(officer)
    assert works(client, raw)
    officer.set_password("another pass phrase entirely")
    officer.save()
    assert not works(client, raw)


def test_a_password_reset_revokes_the_tokens(client, make_officer):
    officer = make_officer(email="kit.reset.token@example.org")
    token, raw = ApiToken.issue(officer)
    client.post("/accounts/password-reset/", {"email": "kit.reset.token@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :].strip()
    form_page = client.get(path, follow=True)
    new = "a brand new pass phrase 2026"
    client.post(form_page.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not works(client, raw)


def test_losing_a_role_revokes_the_tokens(client, make_officer, make_agency):
    officer = make_officer(Role.CASE_WORKER)
    membership_grant(user=officer, agency=make_agency("province_police"), role=Role.REPORTING_OFFICER)
    token, raw = ApiToken.issue(officer)
    assert works(client, raw)
    membership_revoke(membership=Membership.objects.get(user=officer, role=Role.CASE_WORKER))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not works(client, raw)


def test_the_tokens_page_lists_and_revokes_ones_own_tokens_only(client, force_sign_in, make_officer):
    officer, other = make_officer(), make_officer()
    mine, mine_raw = ApiToken.issue(officer)
    theirs, theirs_raw = ApiToken.issue(other)
    force_sign_in(officer)

    page = client.get("/accounts/tokens/").content.decode()
    assert mine.prefix in page and theirs.prefix not in page
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None and works(client, theirs_raw)

    assert client.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None and not works(client, mine_raw)


# ---- lockout by user name -------------------------------------------------------------------------


def sign_in(client, username, password=PASSWORD, address="10.0.0.1", **meta):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **meta)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_keyed_on_the_user_name_not_the_address(client, make_officer):
    locked, colleague = make_officer(), make_officer()
    for _ in range(3):
        sign_in(client, locked.username, "wrong", address="10.0.0.1")
    # A colleague behind the same proxy (same address) still signs in...
    assert sign_in(client, colleague.username, address="10.0.0.1").status_code == 302
    client.logout()
    # ...while the attacked account is locked from any address.
    assert sign_in(client, locked.username, address="10.9.9.9").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3, SAFERETURN_TRUST_PROXY=True)
def test_lockout_records_the_client_address_the_trusted_proxy_gives(client, make_officer):
    officer = make_officer()
    sign_in(client, officer.username, "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get(username=officer.username).ip_address == "203.0.113.7"


# ---- password reset -----------------------------------------------------------------------------


def test_password_reset_answers_and_works_alike_for_known_and_unknown_addresses(client, make_officer):
    make_officer(email="kit.known@example.org")
    outcomes = {}
    for email in ("kit.known@example.org", "nobody.here@example.org"):
        with (
            mock.patch.object(
                PasswordResetTokenGenerator,
                "make_token",
                autospec=True,
                side_effect=PasswordResetTokenGenerator.make_token,
            ) as make_token,
            mock.patch.object(loader, "render_to_string", wraps=loader.render_to_string) as render,
        ):
            response = client.post("/accounts/password-reset/", {"email": email})
        templates = sorted(call.args[0] for call in render.call_args_list)
        outcomes[email] = (response.status_code, response["Location"], make_token.call_count, templates)
    assert outcomes["kit.known@example.org"] == outcomes["nobody.here@example.org"]
    assert outcomes["kit.known@example.org"][2] == 1  # a token was made for the unknown address too
    assert "accounts/password_reset_email.txt" in outcomes["nobody.here@example.org"][3]
    assert len(mail.outbox) == 1  # only the officer is written to


@override_settings(SAFERETURN_PASSWORD_RESET_PER_ADDRESS=3, SAFERETURN_PASSWORD_RESET_PER_ACCOUNT=100)
def test_password_reset_is_rate_limited_per_client_address(client, make_officer):
    for n in range(3):
        response = client.post("/accounts/password-reset/", {"email": f"x{n}@example.org"}, REMOTE_ADDR="10.1.1.1")
        assert response.status_code == 302
    assert (
        client.post("/accounts/password-reset/", {"email": "y@example.org"}, REMOTE_ADDR="10.1.1.1").status_code == 429
    )
    assert (
        client.post("/accounts/password-reset/", {"email": "y@example.org"}, REMOTE_ADDR="10.2.2.2").status_code == 302
    )


@override_settings(SAFERETURN_PASSWORD_RESET_PER_ADDRESS=100, SAFERETURN_PASSWORD_RESET_PER_ACCOUNT=2)
def test_password_reset_is_rate_limited_per_account(client, make_officer):
    make_officer(email="kit.target@example.org")
    for n in range(4):
        response = client.post(
            "/accounts/password-reset/", {"email": "kit.target@example.org"}, REMOTE_ADDR=f"10.3.3.{n}"
        )
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 2
