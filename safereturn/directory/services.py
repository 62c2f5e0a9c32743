"""Changes to the directory: each in one transaction, audited."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record

from .models import AgencyType, Membership, Role, User
from .reference import AGENCY_TYPES

SYSTEM_ADMIN_GROUP = "System administrators"
# A system administrator manages people and reference data — never case contents.
SYSTEM_ADMIN_APPS = ("directory", "geo", "otp_totp", "otp_static", "axes")


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


@transaction.atomic
def membership_grant(*, user, agency, role, by=None):
    if role not in Role.values:
        raise ValueError(_("Unknown role."))
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        created = True
    if created:
        audit_record(
            action=AuditAction.MEMBERSHIP_CHANGED,
            actor=by,
            object_type="membership",
            object_id=membership.pk,
            details={"user_id": user.pk, "agency_id": agency.pk, "role": role, "change": "granted"},
        )
    user_sync_admin_access(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership, by=None):
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit_record(
            action=AuditAction.MEMBERSHIP_CHANGED,
            actor=by,
            object_type="membership",
            object_id=membership.pk,
            details={
                "user_id": membership.user_id,
                "agency_id": membership.agency_id,
                "role": membership.role,
                "change": "revoked",
            },
        )
    user_sync_admin_access(membership.user)


@transaction.atomic
def user_create(*, username, password, full_name="", email="", title="", phone="", by=None):
    user = User(username=username, full_name=full_name, email=email, title=title, phone=phone)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action=AuditAction.CREATE, actor=by, object_type="user", object_id=user.pk)
    return user
