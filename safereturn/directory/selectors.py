"""Reads of the directory."""

from .models import Agency, JurisdictionLevel, Membership, Role, User

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


# ---- who administers whom (separation of duties, decision 0021) ---------------------------------


def administered_provinces(user):
    """The provinces whose officers ``user`` administers: ``None`` for the whole country (a system
    administrator in a national agency), else the set of province codes of their administrator
    memberships (empty: nobody)."""
    if not can_manage_users(user):
        return set()
    rows = Membership.objects.filter(
        user=user, role=Role.SYSTEM_ADMIN, is_active=True, agency__is_active=True
    ).values_list("agency__jurisdiction_level", "agency__province_id")
    if any(level == JurisdictionLevel.NATIONAL for level, _province in rows):
        return None
    return {province for _level, province in rows}


def agencies_administered_by(user):
    """The agencies in which ``user`` may give officers roles: all for a national administrator, those
    of their province(s) for a provincial one, none for anyone else."""
    provinces = administered_provinces(user)
    return Agency.objects.all() if provinces is None else Agency.objects.filter(province_id__in=provinces)


def users_administered_by(user):
    """The officers ``user`` may manage: everyone for a national administrator; for a provincial one,
    those with no role (active, pending or past) in an agency outside their province(s); nobody for
    anyone else."""
    provinces = administered_provinces(user)
    if provinces is None:
        return User.objects.all()
    if not provinces:
        return User.objects.none()
    outside = Membership.objects.exclude(agency__province_id__in=provinces).values("user_id")
    return User.objects.exclude(pk__in=outside)


def may_administer(admin, user, agency=None):
    """Whether ``admin`` may manage ``user`` (and give them a role in ``agency``)."""
    if agency is not None and not agencies_administered_by(admin).filter(pk=agency.pk).exists():
        return False
    return users_administered_by(admin).filter(pk=user.pk).exists()


def supervises(user, agency):
    """Whether ``user`` is an active supervisor of ``agency`` or of an agency above it."""
    if user is None or not user.is_active or agency is None:
        return False
    chain, current = [], agency
    while current is not None and current.pk not in chain:
        chain.append(current.pk)
        current = current.parent
    return Membership.objects.filter(
        user=user, role=Role.SUPERVISOR, is_active=True, agency__is_active=True, agency_id__in=chain
    ).exists()


def pending_role_requests_for(user):
    """The pending role requests ``user`` may decide: for agencies they supervise (or below them),
    never their own nor those they asked for, oldest first."""
    supervised = Membership.objects.filter(
        user=user, role=Role.SUPERVISOR, is_active=True, agency__is_active=True
    ).values_list("agency_id", flat=True)
    agency_ids, frontier = set(), set(supervised)
    while frontier:
        agency_ids |= frontier
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - agency_ids
    return (
        Membership.objects.filter(pending=True, agency_id__in=agency_ids)
        .exclude(user=user)
        .exclude(requested_by=user)
        .select_related("user", "agency", "requested_by")
        .order_by("created_at", "pk")
    )
