import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from safereturn.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_wrong_password_gets_a_clear_message_and_no_session(client, make_officer):
    officer = make_officer()
    response = sign_in(client, officer.username, "wrong password")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", actor_username=officer.username).exists()


def test_user_without_second_factor_must_enrol_before_anything_else(client, make_officer):
    officer = make_officer()
    response = sign_in(client, officer.username)
    assert response["Location"] == "/accounts/2fa/setup/"
    for path in ["/", "/api/me/", "/admin/"]:
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"].startswith("/accounts/2fa/setup/"), path


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_enrolment_with_a_real_code_issues_recovery_codes(client, make_officer):
    from django_otp.oath import totp

    from safereturn.accounts.models import AuthenticatorDevice

    officer = make_officer()
    sign_in(client, officer.username)
    page = client.get("/accounts/2fa/setup/").content.decode()
    assert 'data-testid="totp-secret"' in page and "data:image/svg+xml;base64," in page
    device = AuthenticatorDevice.objects.get(user=officer, confirmed=False)
    wrong = client.post("/accounts/2fa/setup/", {"token": "000000" if totp(device.bin_key) else "111111"})
    assert wrong.status_code == 200 and "không khớp" in wrong.content.decode()
    response = client.post("/accounts/2fa/setup/", {"token": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert codes_page.count("<li>") >= 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="otp_enrolled", actor_id=officer.pk).exists()
    # The codes are shown once only.
    assert 'data-testid="recovery-codes"' not in client.get("/accounts/2fa/recovery-codes/").content.decode()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_enrolled_user_must_give_the_code_and_a_wrong_code_is_refused(client, make_officer, totp_device):
    officer = make_officer()
    _device, code = totp_device(officer)
    response = sign_in(client, officer.username)
    assert response["Location"].startswith("/accounts/2fa/")
    assert client.get("/")["Location"].startswith("/accounts/2fa/?next=/")
    bad = client.post("/accounts/2fa/", {"token": "123456" if code() != "123456" else "654321"})
    assert bad.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in bad.content.decode()
    assert AuditEvent.objects.filter(action="otp_failed", actor_id=officer.pk).exists()
    good = client.post("/accounts/2fa/", {"token": code()})
    assert good.status_code == 302
    assert client.get("/").status_code == 200


def test_recovery_code_works_once(client, make_officer, totp_device):
    from safereturn.accounts.otp import new_recovery_codes

    officer = make_officer()
    totp_device(officer)
    codes = new_recovery_codes(officer)
    sign_in(client, officer.username)
    assert client.post("/accounts/2fa/", {"token": codes[0]}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, officer.username)
    assert client.post("/accounts/2fa/", {"token": codes[0]}).status_code == 200  # used up


@override_settings(SAFERETURN_REQUIRE_2FA=False)
def test_demo_mode_lets_a_user_without_device_in(client, make_officer):
    officer = make_officer()
    assert sign_in(client, officer.username)["Location"] == "/"
    assert client.get("/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_officer):
    officer = make_officer()
    for _ in range(3):
        sign_in(client, officer.username, "wrong")
    response = sign_in(client, officer.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="lockout", actor_username=officer.username).exists()


def test_session_expires_after_idle_time_and_activity_renews_it(client, make_officer, totp_device, settings):
    import time

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from safereturn.accounts.middleware import IdleSessionRenewalMiddleware

    officer = make_officer()
    _device, code = totp_device(officer)
    sign_in(client, officer.username)
    client.post("/accounts/2fa/", {"token": code()})
    key = client.session.session_key
    expires = Session.objects.get(session_key=key).expire_date
    assert abs((expires - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 30

    # Within the renewal interval a page does not write the session.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timezone.timedelta(minutes=5))
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date < timezone.now() + timezone.timedelta(minutes=6)

    # Once the interval has passed, activity pushes the expiry a whole idle period ahead again.
    session = client.session
    session[IdleSessionRenewalMiddleware.RENEWED_AT_KEY] = int(time.time()) - settings.SAFERETURN_SESSION_RENEW_SECONDS
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timezone.timedelta(minutes=5))
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert (renewed - timezone.now()).total_seconds() > settings.SESSION_COOKIE_AGE - 30

    # An officer idle past the expiry is signed out.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_sign_in_and_out_are_audited_with_request_facts(client, make_officer, totp_device):
    officer = make_officer()
    _device, code = totp_device(officer)
    sign_in(client, officer.username)
    client.post("/accounts/2fa/", {"token": code()})
    client.post("/accounts/logout/")
    actions = list(AuditEvent.objects.filter(actor_id=officer.pk).order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["login", "otp_verified", "logout"]
    login = AuditEvent.objects.get(actor_id=officer.pk, action="login")
    assert login.ip_address == "127.0.0.1" and len(login.request_id) == 32


def test_password_reset_by_email(client, make_officer):
    officer = make_officer(email="officer.reset@example.org")
    response = client.post("/accounts/password-reset/", {"email": "officer.reset@example.org"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "a new long passphrase 2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done["Location"] == "/accounts/reset/done/"
    officer.refresh_from_db()
    assert officer.check_password(new_password)
    assert AuditEvent.objects.filter(action="password_changed", actor_id=officer.pk).exists()


def test_api_bearer_token(client, make_officer, capsys):
    officer = make_officer()
    call_command("issue_token", officer.username)
    token = capsys.readouterr().out.strip()
    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["username"] == officer.username
    assert client.get("/api/me/", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401
    assert client.get("/api/me/").status_code in (401, 403)
    assert AuditEvent.objects.filter(action="token_issued").exists()


def _token_header(officer, capsys):
    """The Authorization header of a token issued to ``officer`` by ``manage.py issue_token``."""
    call_command("issue_token", officer.username)
    return {"HTTP_AUTHORIZATION": f"Bearer {capsys.readouterr().out.strip()}"}


def test_a_token_notes_its_last_use_to_the_minute(client, make_officer, capsys):
    import datetime

    from django.utils import timezone

    from safereturn.accounts.models import ApiToken

    officer = make_officer()
    header = _token_header(officer, capsys)
    stored = ApiToken.objects.get(user=officer)
    assert stored.last_used_at is None
    client.get("/api/me/", **header)
    first = ApiToken.objects.get(pk=stored.pk).last_used_at
    assert first is not None
    client.get("/api/me/", **header)  # within the minute: not written again
    assert ApiToken.objects.get(pk=stored.pk).last_used_at == first
    earlier = first - datetime.timedelta(minutes=1)
    ApiToken.objects.filter(pk=stored.pk).update(last_used_at=earlier)
    client.get("/api/me/", **header)
    assert ApiToken.objects.get(pk=stored.pk).last_used_at > timezone.now() - datetime.timedelta(seconds=30)


def test_a_token_request_reads_the_officer_as_a_page_does(client, make_officer, make_agency, capsys):
    """Bearer tokens load the officer through read_officer too: no separate membership read, and a
    membership or account switched off counts at the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safereturn.directory.models import Membership

    officer = make_officer("case_worker", agency=make_agency("health_department", name="Sở Y tế (thử)"))
    header = _token_header(officer, capsys)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/cases/", **header).status_code == 200
    reads = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "directory_user"' in q for q in reads) == 1, reads
    assert not any(q.startswith('SELECT "directory_membership"') for q in reads), reads

    Membership.objects.filter(user=officer).update(is_active=False)
    assert client.get("/api/cases/", **header).status_code == 403
    Membership.objects.filter(user=officer).update(is_active=True)
    assert client.get("/api/cases/", **header).status_code == 200
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get("/api/cases/", **header).status_code == 401


def test_admin_is_for_system_administrators_only(client, make_officer, sign_in):
    sign_in(make_officer("case_worker"))
    followed = client.get("/admin/", follow=True)
    assert followed.redirect_chain and followed.request["PATH_INFO"] != "/admin/"
    client.post("/accounts/logout/")
    sign_in(make_officer("system_admin"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/directory/agency/").status_code == 200


def test_rapid_retries_after_a_wrong_code_are_throttled(client, make_officer, totp_device):
    officer = make_officer()
    _device, code = totp_device(officer)
    sign_in(client, officer.username)
    client.post("/accounts/2fa/", {"token": "123456" if code() != "123456" else "654321"})
    response = client.post("/accounts/2fa/", {"token": code()})
    assert response.status_code == 200
    assert "Nhập sai mã quá nhiều lần" in response.content.decode()
    assert client.get("/").status_code == 302


def test_each_request_reads_the_officer_in_one_statement_and_every_change_counts_at_once(
    client, make_officer, make_agency, totp_device
):
    """The user, the device that verified the session and the memberships come from one statement
    (accounts.backends.read_officer), read afresh on every request: a membership, agency, device or
    account switched off stops working at the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safereturn.accounts.backends import read_officer
    from safereturn.directory.models import Membership
    from safereturn.directory.selectors import memberships_for_user
    from safereturn.directory.services import membership_grant

    police = make_agency("province_police", name="Công an tỉnh (thử)")
    officer = make_officer("case_worker", agency=make_agency("health_department", name="Sở Y tế (thử)"))
    membership_grant(user=officer, agency=police, role="verifier")
    device, code = totp_device(officer)
    sign_in(client, officer.username)
    assert client.post("/accounts/2fa/", {"token": code()}).status_code == 302

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "directory_user"' in q for q in reads) == 1, reads
    assert not any(q.startswith('SELECT "otp_totp_totpdevice"') for q in reads), reads
    assert not any(q.startswith('SELECT "directory_membership"') for q in reads), reads

    loaded = read_officer(officer.pk)
    assert loaded == officer and loaded.password == officer.password
    assert [m.pk for m in loaded.signin_memberships] == [m.pk for m in memberships_for_user(officer)]
    assert [m.agency.agency_type.code for m in loaded.signin_memberships] == ["province_police", "health_department"]
    assert list(loaded.signin_devices) == [device.persistent_id]
    assert read_officer(officer.pk + 1000) is None

    Membership.objects.filter(user=officer, agency=police).update(is_active=False)
    assert [m.agency_id for m in read_officer(officer.pk).signin_memberships] == [
        officer.memberships.get(is_active=True).agency_id
    ]
    police.memberships.update(is_active=True)
    type(police).objects.filter(pk=police.pk).update(is_active=False)
    assert len(read_officer(officer.pk).signin_memberships) == 1

    type(device).objects.filter(pk=device.pk).update(confirmed=False)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
    type(device).objects.filter(pk=device.pk).update(confirmed=True)
    assert client.post("/accounts/2fa/", {"token": code(1)}).status_code == 302
    assert client.get("/").status_code == 200

    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_app_code_does_not_count_against_the_recovery_codes(make_officer, totp_device):
    from safereturn.accounts.otp import match_second_factor, new_recovery_codes

    officer = make_officer()
    _device, code = totp_device(officer)
    codes = new_recovery_codes(officer)
    assert match_second_factor(officer, code()) is not None
    # The recovery codes were not tried (nor throttled) with the app's code: one works at once.
    assert match_second_factor(officer, codes[1]) is not None
