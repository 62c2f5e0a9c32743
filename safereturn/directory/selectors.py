"""Reads of the directory."""

from .models import Agency, Membership, Role

ACTIVE_MEMBERSHIP_SESSION_KEY = "active_membership_id"


def memberships_for_user(user):
    return (
        Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
        .select_related("agency", "agency__agency_type", "agency__province", "agency__commune")
        .order_by("agency__name", "role")
    )


def request_memberships(request):
    """The signed-in officer's active memberships, as the sign-in backend read them with the user
    (accounts.backends.read_officer, same order as ``memberships_for_user``), else read now."""
    memberships = getattr(request.user, "signin_memberships", None)
    return list(memberships) if memberships is not None else list(memberships_for_user(request.user))


def active_membership(request):
    """The agency and role the officer is acting in now: the one chosen in this session, else the first.

    Cached on the request so a page asks the database once.
    """
    if hasattr(request, "_active_membership"):
        return request._active_membership
    memberships = request_memberships(request)
    chosen_id = request.session.get(ACTIVE_MEMBERSHIP_SESSION_KEY) if hasattr(request, "session") else None
    membership = next((m for m in memberships if m.pk == chosen_id), memberships[0] if memberships else None)
    request._active_membership = membership
    return membership


def user_has_role(user, role):
    return Membership.objects.filter(user=user, role=role, is_active=True, agency__is_active=True).exists()


def can_manage_users(user):
    """Managing officers and reference data (the admin): system administrators, never case contents."""
    return bool(user and user.is_authenticated and user.is_active and user_has_role(user, Role.SYSTEM_ADMIN))


def can_read_audit(user):
    return bool(user and user.is_authenticated and user.is_active and user_has_role(user, Role.AUDITOR))


def agencies_in_province(province_code):
    return Agency.objects.filter(province_id=province_code, is_active=True)


def system_admins():
    return Membership.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True).select_related("user")
