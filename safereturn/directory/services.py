"""Changes to the directory: each in one transaction, audited."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record
from safereturn.core.errors import Denied, StateError

from . import selectors, signals
from .models import SUPERVISED_ROLES, AgencyType, Membership, Role, User
from .reference import AGENCY_TYPES

SYSTEM_ADMIN_GROUP = "System administrators"
# A system administrator manages people and reference data — never case contents.
# Never the second-factor devices (otp_totp, otp_static): an administrator cannot read or add an
# officer's devices (decision 0021).
SYSTEM_ADMIN_APPS = ("directory", "geo", "axes")


def reference_data_load():
    """Create or update agency types and the system administrators' permission group (idempotent)."""
    with transaction.atomic():
        for order, (code, name_vi, name_en, level) in enumerate(AGENCY_TYPES):
            AgencyType.objects.update_or_create(
                code=code, defaults={"name_vi": name_vi, "name_en": name_en, "level": level, "sort_order": order}
            )
        group, _created = Group.objects.get_or_create(name=SYSTEM_ADMIN_GROUP)
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=SYSTEM_ADMIN_APPS))
    return AgencyType.objects.count()


def user_sync_admin_access(user):
    """Admin-site access follows the system administrator role, nothing else."""
    is_admin = Membership.objects.filter(user=user, role=Role.SYSTEM_ADMIN, is_active=True).exists()
    group = Group.objects.filter(name=SYSTEM_ADMIN_GROUP).first()
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        user.save(update_fields=["is_staff"])
    if group is not None:
        if is_admin:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def _audit_role_change(membership, *, change, old_role, new_role, by):
    """Every role change is an audit event with the role before and after (None: no role)."""
    audit_record(
        action=AuditAction.MEMBERSHIP_CHANGED,
        actor=by,
        object_type="membership",
        object_id=membership.pk,
        details={
            "user_id": membership.user_id,
            "agency_id": membership.agency_id,
            "change": change,
            "old_role": old_role,
            "new_role": new_role,
        },
    )


def _check_may_give(by, user, agency, role):
    """Whether ``by`` may give ``user`` ``role`` in ``agency``; returns whether it takes effect now
    (True) or waits for a supervisor's approval (False). Nobody changes their own roles."""
    if by.pk == user.pk:
        raise Denied(_("Nobody can change their own roles: ask another administrator."))
    if role in SUPERVISED_ROLES and selectors.supervises(by, agency):
        return True
    if not selectors.may_administer(by, user, agency):
        raise Denied(_("You can manage only the officers and agencies of your own province."))
    return role not in SUPERVISED_ROLES


def _check_may_take(by, membership):
    if by is None:
        return
    if by.pk == membership.user_id:
        raise Denied(_("Nobody can change their own roles: ask another administrator."))
    if not (
        (membership.role in SUPERVISED_ROLES and selectors.supervises(by, membership.agency))
        or selectors.may_administer(by, membership.user, membership.agency)
    ):
        raise Denied(_("You can manage only the officers and agencies of your own province."))


@transaction.atomic
def membership_grant(*, user, agency, role, by=None):
    """Give ``user`` ``role`` in ``agency``. ``by`` is the officer doing it (None: the system itself,
    e.g. seeding). A case role given by an administrator is a request: the membership stays inactive
    (``pending``) until a supervisor of the agency approves it (``membership_approve``)."""
    if role not in Role.values:
        raise ValueError(_("Unknown role."))
    effective = True if by is None else _check_may_give(by, user, agency, role)
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user,
        agency=agency,
        role=role,
        defaults={"is_active": effective, "pending": not effective, "requested_by": by},
    )
    if not created:
        if membership.is_active or (membership.pending and not effective):
            return membership
        membership.is_active, membership.pending, membership.requested_by = effective, not effective, by
        membership.decided_by = membership.decided_at = None
        membership.save(update_fields=["is_active", "pending", "requested_by", "decided_by", "decided_at"])
    if effective:
        _audit_role_change(membership, change="granted", old_role=None, new_role=role, by=by)
    else:
        _audit_role_change(membership, change="requested", old_role=None, new_role=role, by=by)
        signals.role_requested.send(sender=Membership, membership=membership, by=by)
    user_sync_admin_access(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership, by=None):
    """End a role (or withdraw a pending request for one)."""
    _check_may_take(by, membership)
    if membership.is_active or membership.pending:
        old_role = membership.role if membership.is_active else None
        membership.is_active = membership.pending = False
        membership.save(update_fields=["is_active", "pending"])
        _audit_role_change(membership, change="revoked", old_role=old_role, new_role=None, by=by)
        signals.role_lost.send(sender=Membership, membership=membership)
    user_sync_admin_access(membership.user)


@transaction.atomic
def membership_change(*, membership, agency, role, by=None):
    """Move a role to another role or agency: the old one ends and the new one is granted (or asked
    for, as ``membership_grant``), audited as one change with the old and new role."""
    if (membership.agency_id, membership.role) == (agency.pk, role):
        return membership
    _check_may_take(by, membership)
    effective = True if by is None else _check_may_give(by, membership.user, agency, role)
    old_role = membership.role if membership.is_active else None
    with transaction.atomic():
        if membership.is_active or membership.pending:
            membership.is_active = membership.pending = False
            membership.save(update_fields=["is_active", "pending"])
            signals.role_lost.send(sender=Membership, membership=membership)
        new, created = Membership.objects.select_for_update().get_or_create(
            user=membership.user,
            agency=agency,
            role=role,
            defaults={"is_active": effective, "pending": not effective, "requested_by": by},
        )
        if not created and not new.is_active:
            new.is_active, new.pending, new.requested_by = effective, not effective, by
            new.decided_by = new.decided_at = None
            new.save(update_fields=["is_active", "pending", "requested_by", "decided_by", "decided_at"])
    _audit_role_change(
        new,
        change="changed" if new.is_active else "change requested",
        old_role=old_role,
        new_role=role if new.is_active else None,
        by=by,
    )
    if new.pending:
        signals.role_requested.send(sender=Membership, membership=new, by=by)
    user_sync_admin_access(membership.user)
    return new


def _check_may_decide(membership, by):
    if not membership.pending:
        raise StateError(_("This role request has already been decided."))
    if by.pk in (membership.user_id, membership.requested_by_id):
        raise Denied(_("A role request is decided by a supervisor other than the officer and the requester."))
    if not selectors.supervises(by, membership.agency):
        raise Denied(_("Only a supervisor of the agency can decide this role request."))


@transaction.atomic
def membership_approve(*, membership, by):
    """A supervisor of the agency approves an administrator's request: the role takes effect now."""
    membership = Membership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    _check_may_decide(membership, by)
    membership.is_active, membership.pending = True, False
    membership.decided_by, membership.decided_at = by, timezone.now()
    membership.save(update_fields=["is_active", "pending", "decided_by", "decided_at"])
    _audit_role_change(membership, change="approved", old_role=None, new_role=membership.role, by=by)
    user_sync_admin_access(membership.user)
    return membership


@transaction.atomic
def membership_refuse(*, membership, by):
    """A supervisor of the agency refuses an administrator's request: nothing is granted."""
    membership = Membership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    _check_may_decide(membership, by)
    membership.pending = False
    membership.decided_by, membership.decided_at = by, timezone.now()
    membership.save(update_fields=["pending", "decided_by", "decided_at"])
    _audit_role_change(membership, change="refused", old_role=None, new_role=None, by=by)
    return membership


@transaction.atomic
def user_create(*, username, password, full_name="", email="", title="", phone="", by=None):
    user = User(username=username, full_name=full_name, email=email, title=title, phone=phone)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action=AuditAction.CREATE, actor=by, object_type="user", object_id=user.pk)
    return user
