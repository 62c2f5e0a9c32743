"""Signing an officer in on a test client.

Outside demo mode every officer passes a second factor (TOTP through django-otp, see
``safereturn.accounts``): the session is verified once django-otp has stored the device that accepted
a code (``django_otp.DEVICE_ID_SESSION_KEY``), and until then every page sends the officer to
``/accounts/2fa/``.

- ``sign_in`` goes through the pages as an officer does: the password form (or ``force_login`` when
  the password is not the point), then a current code of the officer's authenticator on the second
  factor page. Use it where sign-in is part of what the test is about, or where the test wants the
  audit trail a real sign-in writes.
- ``force_sign_in`` gives the same verified session without a request: ``force_login``, then the
  session marked as verified by the officer's confirmed device, as ``django_otp.login`` marks it.
"""

import re

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp

from safereturn.accounts.models import AuthenticatorDevice


def enrol_totp(user, name="authenticator"):
    """Enrol and confirm a TOTP device for ``user``, as the enrolment page does once a code matched.

    Returns ``(device, code)``: ``code(offset_steps=0)`` is the six-digit code the officer's
    authenticator shows now (or ``offset_steps`` periods later)."""
    device = AuthenticatorDevice.objects.create(user=user, name=name, confirmed=True)
    return device, lambda offset_steps=0: current_code(device, offset_steps)


def current_code(device, offset_steps=0):
    """The code ``device``'s authenticator app shows now (or ``offset_steps`` periods later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps):06d}"


def confirmed_device(user):
    """The user's confirmed TOTP device (the first enrolled), or None."""
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _csrf_fields(client, path):
    """The CSRF field of ``path``'s form, for a client that enforces CSRF checks (else nothing)."""
    if not getattr(client.handler, "enforce_csrf_checks", False):
        return {}
    page = client.get(path).content.decode()
    return {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)}


def sign_in(client, user, *, password=None):
    """Sign ``user`` in on ``client`` through the second factor, as an officer does; returns the client.

    With ``password`` the sign-in form is posted (first factor for real), else ``force_login`` stands
    in for it. Then a current code of the user's confirmed TOTP device (enrolled now if they have
    none) is posted to the second factor page; the session must come back verified. Works for
    clients that enforce CSRF checks too."""
    client.logout()
    if password is None:
        client.force_login(user)
    else:
        login = reverse("accounts:login")
        data = {"username": user.get_username(), "password": password} | _csrf_fields(client, login)
        response = client.post(login, data)
        assert response.status_code == 302, f"the password was refused for {user}"
    device = confirmed_device(user) or enrol_totp(user)[0]
    # django-otp refuses a code of a period it already accepted (a replay): a test that signs the same
    # officer in twice within 30 seconds is no replay, so the device forgets the last period it took.
    AuthenticatorDevice.objects.filter(pk=device.pk).update(last_t=-1)
    verify = reverse("accounts:otp_verify")
    response = client.post(verify, {"token": current_code(device)} | _csrf_fields(client, verify))
    assert response.status_code == 302, f"the second factor was refused for {user}: {response.content[:300]!r}"
    assert client.session.get(DEVICE_ID_SESSION_KEY) == device.persistent_id, f"{user} is not verified"
    return client


def force_sign_in(client, user):
    """A verified session for ``user`` on ``client`` without going through the pages; returns the client.

    For tests that are not about signing in: the session is the one a real sign-in leaves (the user,
    and the confirmed device that verified it; one is enrolled if the user has none), but the second
    factor
    page is not requested, so the audit trail has the sign-in but not "second factor verified"."""
    client.force_login(user)
    device = confirmed_device(user) or enrol_totp(user)[0]
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
