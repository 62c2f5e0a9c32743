"""Sign-in backend: Django's model backend, reading the officer for each request in one statement.

Every signed-in request needs three things about its officer: the user, the second-factor device
that verified the session, and the memberships (agency and role) they may act in. Read one by one
through the ORM they were three statements and a fifth of the case page's time. ``get_user`` reads
them together, fresh on every request (a deactivated officer, device or membership stops working
at the next request, as before), and leaves the devices and memberships on the user for
``SignInOTPMiddleware`` and ``directory.selectors.active_membership``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from safereturn.core.sqlrows import Columns, execute_prepared, select_list, split_row
from safereturn.directory.models import Agency, AgencyType, Membership
from safereturn.geo.models import Commune, Province

from .models import AuthenticatorDevice

_columns = None


def _signin_columns():
    global _columns  # noqa: PLW0603 - built once per process
    if _columns is None:
        _columns = (
            Columns(get_user_model(), "u"),
            Columns(AuthenticatorDevice, "d"),
            Columns(Membership, "m"),
            Columns(Agency, "a"),
            Columns(AgencyType, "t"),
            Columns(Province, "p"),
            Columns(Commune, "c"),
        )
    return _columns


_sql = None


def _signin_sql():
    global _sql  # noqa: PLW0603 - built once per process
    if _sql is None:
        _sql = _build_signin_sql()
    return _sql


def _build_signin_sql():
    user, device, membership, agency, agency_type, province, commune = columns = _signin_columns()
    qn = connection.ops.quote_name

    def table(c):
        return f"{qn(c.model._meta.db_table)} {qn(c.alias)}"

    # Memberships count only in active agencies (as memberships_for_user); ordered as it orders them.
    # Only table and column names of our models go into the text; the user id is a parameter.
    return (
        f"SELECT {select_list(*columns)} FROM {table(user)} "  # noqa: S608
        f"LEFT JOIN {table(device)} ON d.user_id = u.id AND d.confirmed "
        f"LEFT JOIN ({table(membership)} "
        f"JOIN {table(agency)} ON a.id = m.agency_id AND a.is_active "
        f"JOIN {table(agency_type)} ON t.id = a.agency_type_id "
        f"LEFT JOIN {table(province)} ON p.code = a.province_id "
        f"LEFT JOIN {table(commune)} ON c.code = a.commune_id"
        f") ON m.user_id = u.id AND m.is_active "
        f"WHERE u.id = %s ORDER BY a.name, m.role, m.id, d.id"
    )


def read_officer(user_id):
    """The user with ``signin_devices`` ({persistent id: confirmed TOTP device}) and
    ``signin_memberships`` (active memberships in active agencies, in the usual order), or None."""
    user_cols, device_cols, membership_cols, agency_cols, type_cols, province_cols, commune_cols = _signin_columns()
    with connection.cursor() as cursor:
        execute_prepared(cursor, _signin_sql(), [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    user = None
    devices, memberships = {}, {}
    for row in rows:
        u, d, m, a, t, p, c = split_row(row, *_signin_columns())
        if user is None:
            user = user_cols.build(u)
        device = device_cols.build(d)
        if device is not None and device.persistent_id not in devices:
            device.user = user
            devices[device.persistent_id] = device
        membership = membership_cols.build(m)
        if membership is not None and membership.pk not in memberships:
            agency = agency_cols.build(a)
            agency.agency_type = type_cols.build(t)
            agency.province = province_cols.build(p)
            agency.commune = commune_cols.build(c)
            membership.agency = agency
            membership.user = user
            memberships[membership.pk] = membership
    user.signin_devices = devices
    user.signin_memberships = list(memberships.values())
    return user


class OfficerBackend(ModelBackend):
    """``ModelBackend`` (passwords, permissions, the active check) with the one-statement ``get_user``."""

    def get_user(self, user_id):
        try:
            user = read_officer(get_user_model()._meta.pk.to_python(user_id))
        except (ValueError, TypeError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
