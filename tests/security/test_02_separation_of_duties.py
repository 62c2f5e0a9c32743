"""Issue #15, finding 2: a system administrator could give themselves case access (a provincial
administrator added themselves a supervisor membership at the ministry and listed every case).

Separation of duties (decision 0021): nobody edits their own memberships; a case role is granted by a
supervisor of the agency concerned, or waits (granting nothing) until that supervisor approves an
administrator's request; a provincial administrator manages only their province's officers; every
role change is audited with the old and new role; administrators neither set another officer's
password nor read or add their second-factor devices, whose secrets are sealed and codes hashed.
"""

import pytest
from django.db import connection
from django_otp.plugins.otp_static.models import StaticToken

from safereturn.access import policy
from safereturn.accounts.models import AuthenticatorDevice
from safereturn.accounts.otp import match_second_factor, new_recovery_codes, recovery_code_hash
from safereturn.audit.models import AuditEvent
from safereturn.core.errors import Denied
from safereturn.core.rotation import encrypted_columns
from safereturn.directory import services
from safereturn.directory.models import Membership, Role, User
from safereturn.notifications.models import Notification
from safereturn.testing.personas import DA_NANG, actor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(make_agency):
    return make_agency("ministry", level="national", name="Bộ thử (kiểm thử)")


@pytest.fixture
def national_admin(make_officer, ministry):
    return make_officer(Role.SYSTEM_ADMIN, agency=ministry)


@pytest.fixture
def provincial_admin(make_officer, make_agency):
    return make_officer(Role.SYSTEM_ADMIN, agency=make_agency("health_department", name="Sở thử Cần Thơ"))


def post_user(client, user, memberships=(), **fields):
    """Save ``user``'s change page in the admin with ``memberships`` (dicts: id, agency, role, is_active)
    as the inline rows, the existing ones first."""
    existing = [m for m in memberships if m.get("id")]
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "title": "",
        "email": user.email,
        "phone": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    } | fields
    for i, row in enumerate(memberships):
        data |= {
            f"memberships-{i}-id": row.get("id") or "",
            f"memberships-{i}-user": user.pk,
            f"memberships-{i}-agency": row["agency"].pk,
            f"memberships-{i}-role": row["role"],
        }
        if row.get("is_active", True):
            data[f"memberships-{i}-is_active"] = "on"
    return client.post(f"/admin/directory/user/{user.pk}/change/", data)


def rows_of(user):
    return [
        {"id": m.pk, "agency": m.agency, "role": m.role, "is_active": m.is_active}
        for m in Membership.objects.filter(user=user).select_related("agency")
    ]


# ---- nobody edits their own memberships -----------------------------------------------------------


def test_an_administrator_cannot_give_themselves_a_role_in_the_admin(
    client, force_sign_in, provincial_admin, ministry, make_case
):
    make_case()
    force_sign_in(provincial_admin)
    page = client.get(f"/admin/directory/user/{provincial_admin.pk}/change/")
    assert page.status_code == 200
    assert b'name="memberships-0-role"' not in page.content  # one's own roles are shown, not editable

    response = post_user(
        client,
        provincial_admin,
        [*rows_of(provincial_admin), {"agency": ministry, "role": Role.SUPERVISOR}],
    )
    assert response.status_code in (200, 302)
    assert not Membership.objects.filter(user=provincial_admin, role=Role.SUPERVISOR).exists()
    with pytest.raises(LookupError):
        actor_of(provincial_admin, role=Role.SUPERVISOR)


def test_no_service_lets_anyone_change_their_own_roles(national_admin, ministry, make_officer):
    with pytest.raises(Denied):
        services.membership_grant(user=national_admin, agency=ministry, role=Role.SUPERVISOR, by=national_admin)
    with pytest.raises(Denied):
        services.membership_grant(user=national_admin, agency=ministry, role=Role.AUDITOR, by=national_admin)
    own = Membership.objects.get(user=national_admin)
    with pytest.raises(Denied):
        services.membership_change(membership=own, agency=ministry, role=Role.SUPERVISOR, by=national_admin)
    with pytest.raises(Denied):
        services.membership_revoke(membership=own, by=national_admin)
    # Not even a supervisor, in their own agency.
    supervisor = make_officer(Role.SUPERVISOR, agency=ministry)
    with pytest.raises(Denied):
        services.membership_grant(user=supervisor, agency=ministry, role=Role.VERIFIER, by=supervisor)
    assert list(Membership.objects.filter(user=national_admin).values_list("role", flat=True)) == [Role.SYSTEM_ADMIN]


# ---- a provincial administrator manages their province only ---------------------------------------


def test_a_provincial_administrator_cannot_list_change_or_add_officers_of_another_province(
    client, force_sign_in, provincial_admin, make_agency, make_officer
):
    da_nang = make_agency("health_department", province_code=DA_NANG, name="Sở thử Đà Nẵng")
    outsider = make_officer(Role.REPORTING_OFFICER, agency=da_nang, username="kit.danang")
    local_agency = make_agency("province_police", name="Công an thử Cần Thơ")
    local = make_officer(Role.REPORTING_OFFICER, agency=local_agency, username="kit.cantho")
    force_sign_in(provincial_admin)

    listing = client.get("/admin/directory/user/").content.decode()
    assert "kit.cantho" in listing
    assert "kit.danang" not in listing
    assert client.get(f"/admin/directory/user/{outsider.pk}/change/").status_code == 302  # "does not exist"
    post_user(client, outsider, rows_of(outsider), full_name="Đổi tên")
    outsider.refresh_from_db()
    assert outsider.full_name != "Đổi tên"

    # Adding: an agency of another province is not a choice, nor through the service.
    response = post_user(client, local, [*rows_of(local), {"agency": da_nang, "role": Role.REPORTING_OFFICER}])
    assert response.status_code == 200  # the form comes back with the error
    assert not Membership.objects.filter(user=local, agency=da_nang).exists()
    with pytest.raises(Denied):
        services.membership_grant(user=local, agency=da_nang, role=Role.REPORTING_OFFICER, by=provincial_admin)
    with pytest.raises(Denied):
        services.membership_grant(user=outsider, agency=local_agency, role=Role.REPORTING_OFFICER, by=provincial_admin)


def test_a_provincial_administrator_cannot_move_an_agency_out_of_their_province(
    client, force_sign_in, provincial_admin, make_agency
):
    own = Membership.objects.get(user=provincial_admin).agency
    da_nang = make_agency("health_department", province_code=DA_NANG, name="Sở thử Đà Nẵng")
    force_sign_in(provincial_admin)
    assert "Sở thử Đà Nẵng" not in client.get("/admin/directory/agency/").content.decode()
    assert client.get(f"/admin/directory/agency/{da_nang.pk}/change/").status_code == 302
    # Their own agency made national would make them an administrator of the whole country.
    response = client.post(
        f"/admin/directory/agency/{own.pk}/change/",
        {
            "name": own.name,
            "short_name": "",
            "agency_type": own.agency_type_id,
            "jurisdiction_level": "national",
            "province": "",
            "commune": "",
            "parent": "",
            "address": "",
            "phone": "",
            "email": "",
            "is_active": "on",
            "focal_points-TOTAL_FORMS": "0",
            "focal_points-INITIAL_FORMS": "0",
            "services-TOTAL_FORMS": "0",
            "services-INITIAL_FORMS": "0",
            "_save": "1",
        },
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.jurisdiction_level == "province" and own.province_id is not None


# ---- a case role waits for a supervisor of the agency ---------------------------------------------


def test_a_case_role_given_by_an_administrator_grants_nothing_until_a_supervisor_approves(
    client, force_sign_in, national_admin, ministry, make_officer, make_case
):
    case = make_case()
    supervisor = make_officer(Role.SUPERVISOR, agency=ministry)
    officer = make_officer(Role.REPORTING_OFFICER, agency=ministry)
    force_sign_in(national_admin)
    response = post_user(client, officer, [*rows_of(officer), {"agency": ministry, "role": Role.SUPERVISOR}])
    assert response.status_code == 302

    request = Membership.objects.get(user=officer, role=Role.SUPERVISOR)
    assert request.pending and not request.is_active and request.requested_by == national_admin
    with pytest.raises(LookupError):
        actor_of(officer, role=Role.SUPERVISOR)  # no case role: the policy sees no case
    assert Notification.objects.filter(recipient=supervisor, kind="role_requested").exists()

    # The supervisor finds it in their queue and approves it.
    client.logout()
    force_sign_in(supervisor)
    assert "/accounts/role-requests/" in client.get("/").content.decode()  # in their work queue
    queue = client.get("/accounts/role-requests/")
    assert queue.status_code == 200 and officer.display_name() in queue.content.decode()
    client.post(f"/accounts/role-requests/{request.pk}/approve/")
    request.refresh_from_db()
    assert request.is_active and not request.pending and request.decided_by == supervisor
    actor = actor_of(officer, role=Role.SUPERVISOR)
    assert policy.visible_cases(actor).filter(pk=case.pk).exists()


def test_a_refused_request_grants_nothing(national_admin, ministry, make_officer):
    supervisor = make_officer(Role.SUPERVISOR, agency=ministry)
    officer = make_officer(Role.REPORTING_OFFICER, agency=ministry)
    request = services.membership_grant(user=officer, agency=ministry, role=Role.VERIFIER, by=national_admin)
    services.membership_refuse(membership=request, by=supervisor)
    request.refresh_from_db()
    assert not request.is_active and not request.pending
    with pytest.raises(LookupError):
        actor_of(officer, role=Role.VERIFIER)


def test_the_requester_and_the_officer_cannot_approve_the_request(national_admin, ministry, make_officer):
    officer = make_officer(Role.SUPERVISOR, agency=ministry)
    request = services.membership_grant(user=officer, agency=ministry, role=Role.VERIFIER, by=national_admin)
    assert request.pending
    # The requester, even once a supervisor there, cannot approve their own request...
    services.membership_grant(user=national_admin, agency=ministry, role=Role.SUPERVISOR)
    with pytest.raises(Denied):
        services.membership_approve(membership=request, by=national_admin)
    # ...nor the officer it is for; nor an administrator who supervises nothing.
    with pytest.raises(Denied):
        services.membership_approve(membership=request, by=officer)
    other_admin = make_officer(Role.SYSTEM_ADMIN, agency=ministry)
    with pytest.raises(Denied):
        services.membership_approve(membership=request, by=other_admin)
    request.refresh_from_db()
    assert request.pending and not request.is_active


# ---- every role change is audited with the old and new role ---------------------------------------


def test_role_changes_are_audited_with_the_old_and_new_role(
    client, force_sign_in, national_admin, ministry, make_officer
):
    officer = make_officer(Role.REPORTING_OFFICER, agency=ministry)
    force_sign_in(national_admin)
    rows = rows_of(officer)
    rows[0]["role"] = Role.AUDITOR
    assert post_user(client, officer, rows).status_code == 302

    event = AuditEvent.objects.filter(action="membership_changed", actor_id=national_admin.pk).latest("id")
    assert event.details["old_role"] == Role.REPORTING_OFFICER
    assert event.details["new_role"] == Role.AUDITOR
    assert event.details["user_id"] == officer.pk
    assert set(Membership.objects.filter(user=officer, is_active=True).values_list("role", flat=True)) == {Role.AUDITOR}

    supervisor = make_officer(Role.SUPERVISOR, agency=ministry)
    request = services.membership_grant(user=officer, agency=ministry, role=Role.CASE_WORKER, by=national_admin)
    services.membership_approve(membership=request, by=supervisor)
    approved = AuditEvent.objects.filter(action="membership_changed", actor_id=supervisor.pk).latest("id")
    assert (approved.details["change"], approved.details["new_role"]) == ("approved", Role.CASE_WORKER)


# ---- passwords and second factors are the officer's alone -----------------------------------------


def test_an_administrator_cannot_set_another_officers_password(client, force_sign_in, national_admin, make_officer):
    officer = make_officer(Role.REPORTING_OFFICER)
    before = User.objects.get(pk=officer.pk).password
    force_sign_in(national_admin)
    page = client.get(f"/admin/directory/user/{officer.pk}/change/").content.decode()
    assert f"/admin/directory/user/{officer.pk}/password/" not in page
    assert client.get(f"/admin/directory/user/{officer.pk}/password/").status_code == 403
    client.post(
        f"/admin/directory/user/{officer.pk}/password/",
        {"password1": "a new pass phrase 123", "password2": "a new pass phrase 123"},
    )
    post_user(client, officer, rows_of(officer), password="pbkdf2_sha256$1$x$y")
    assert User.objects.get(pk=officer.pk).password == before

    # A new officer has no password until they choose one (password reset by e-mail).
    added = client.post(
        "/admin/directory/user/add/",
        {
            "username": "kit.newcomer",
            "full_name": "Cán bộ mới",
            "email": "kit.newcomer@example.org",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "_save": "1",
        },
    )
    assert added.status_code == 302, added.context["adminform"].form.errors if added.context else added
    assert not User.objects.get(username="kit.newcomer").has_usable_password()


def test_an_administrator_cannot_see_or_add_second_factor_devices(
    client, force_sign_in, national_admin, make_officer, totp_device
):
    officer = make_officer(Role.REPORTING_OFFICER)
    totp_device(officer)
    force_sign_in(national_admin)
    for path in [
        "/admin/otp_totp/totpdevice/",
        "/admin/otp_totp/totpdevice/add/",
        "/admin/otp_static/staticdevice/",
        "/admin/otp_static/staticdevice/add/",
        "/admin/accounts/authenticatordevice/",
    ]:
        assert client.get(path).status_code in (403, 404), path
    assert not national_admin.groups.filter(permissions__content_type__app_label__startswith="otp_").exists()


def test_the_authenticator_secret_is_stored_encrypted(make_officer, totp_device):
    officer = make_officer(Role.CASE_WORKER)
    device, code = totp_device(officer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM accounts_authenticatordevice WHERE id = %s", [device.pk])
        (stored,) = cursor.fetchone()
    secret_hex = AuthenticatorDevice.objects.get(pk=device.pk).bin_key.hex()
    assert stored.startswith("test1:")
    assert secret_hex not in stored.lower()
    assert match_second_factor(officer, code()) is not None  # still verifies
    assert "accounts.AuthenticatorDevice.key" in {c.label for c in encrypted_columns()}  # rotate_keys re-seals it


def test_recovery_codes_are_stored_hashed_and_still_verify(make_officer, totp_device):
    officer = make_officer(Role.CASE_WORKER)
    totp_device(officer)
    codes = new_recovery_codes(officer)
    stored = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert not stored & set(codes)
    assert stored == {recovery_code_hash(code) for code in codes}
    assert match_second_factor(officer, codes[0]) is not None
    assert match_second_factor(officer, codes[0]) is None  # once only
