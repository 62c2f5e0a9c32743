"""Reads: whom to tell (by role in an agency, falling back up the agency tree), an officer's inbox and
unread count, and whether an officer wants a kind by e-mail."""

import dataclasses

from django.contrib.auth import get_user_model
from django.utils import timezone

from safereturn.core.display import date_text
from safereturn.directory.models import Agency, JurisdictionLevel, Role
from safereturn.rules.models import CompetenceAction
from safereturn.rules.selectors import competent_agency_types

from . import kinds
from .models import Notification, NotificationPreference

# How the recipients were found (``Recipients.step``).
STEP_AGENCY = "agency"
STEP_PARENT = "parent"
STEP_PROVINCE_LEAD = "province_lead"
STEP_LEAD_SUPERVISORS = "lead_supervisors"
STEP_NONE = "none"


@dataclasses.dataclass(frozen=True)
class Recipients:
    """Whom ``recipients_for`` found, and where: ``agency`` is the agency whose officers they are
    (None when nobody was found), ``step`` how it was reached (the agency asked for, a parent, the
    province's lead agency, the lead agency's supervisors, or nobody). ``notify`` takes it as is."""

    user_ids: tuple
    requested_agency_id: int | None
    agency: Agency | None
    step: str
    roles: tuple

    @property
    def fallback(self):
        """Whether someone other than the agency asked for was chosen (or nobody was found)."""
        return self.step != STEP_AGENCY

    @property
    def agency_id(self):
        return self.agency.pk if self.agency is not None else None

    def __iter__(self):
        return iter(self.user_ids)

    def __len__(self):
        return len(self.user_ids)

    def __bool__(self):
        return bool(self.user_ids)

    def as_details(self):
        """What a caller records with its audit event or timeline entry."""
        return {
            "recipients_agency": self.agency_id,
            "recipients_step": self.step,
            "recipients_fallback": self.fallback,
            "recipients_count": len(self.user_ids),
        }


def users_with_roles(agency, roles):
    """Ids of the active officers holding one of ``roles`` in an active membership of an active ``agency``."""
    if agency is None or not agency.is_active:
        return ()
    users = get_user_model().objects.filter(
        is_active=True,
        memberships__agency=agency,
        memberships__role__in=list(roles),
        memberships__is_active=True,
    )
    return tuple(sorted(set(users.values_list("pk", flat=True))))


def auditors_for(province_ids):
    """Ids of the active auditors of agencies in these provinces; if none, the national auditors (of
    agencies with no province), so that an oversight notice always has someone to go to."""
    province_ids = [p for p in set(province_ids) if p is not None]
    # One filter() per query: the auditor's role and the agency's province must be the same membership.
    auditor = dict(
        is_active=True,
        memberships__role=Role.AUDITOR,
        memberships__is_active=True,
        memberships__agency__is_active=True,
    )
    users = get_user_model().objects
    found = set(users.filter(**auditor, memberships__agency__province_id__in=province_ids).values_list("pk", flat=True))
    if not found:
        found = set(users.filter(**auditor, memberships__agency__province__isnull=True).values_list("pk", flat=True))
    return tuple(sorted(found))


def administrators_for(agency_id):
    """Who is told of a notice that reached nobody: the system administrators of the agency's province
    and the national ones; if there are none, the superusers."""
    province_id = Agency.objects.filter(pk=agency_id).values_list("province_id", flat=True).first()
    admin = dict(
        is_active=True,
        memberships__role=Role.SYSTEM_ADMIN,
        memberships__is_active=True,
    )
    users = get_user_model().objects
    found = set(users.filter(**admin, memberships__agency__province__isnull=True).values_list("pk", flat=True))
    if province_id is not None:
        found |= set(users.filter(**admin, memberships__agency__province_id=province_id).values_list("pk", flat=True))
    if not found:
        found = set(users.filter(is_active=True, is_superuser=True).values_list("pk", flat=True))
    return tuple(sorted(found))


def lead_agency_for(province_id, *, on_date=None):
    """The province's lead agency for victims' work on ``on_date``: the active provincial agency whose
    type is competent to ``coordinate`` under the rule in force (law as data, ``rules``). None if the
    rule table names no type on that date or the province has no such agency."""
    if province_id is None:
        return None
    on_date = on_date or timezone.localdate()
    types = competent_agency_types(CompetenceAction.COORDINATE, on_date)
    if not types:
        return None
    return (
        Agency.objects.filter(
            province_id=province_id,
            jurisdiction_level=JurisdictionLevel.PROVINCE,
            is_active=True,
            agency_type__code__in=types,
        )
        .order_by("pk")
        .first()
    )


def recipients_for(agency, roles, *, on_date=None):
    """The officers holding one of ``roles`` in ``agency``; if it has none, in its parent (and up the
    tree until an agency has someone); if still none, in the province's lead agency; if still none,
    the lead agency's supervisors. Returns ``Recipients`` saying which agency was used."""
    roles = tuple(roles)
    if not roles:
        raise ValueError("recipients_for() needs at least one role")
    requested_id = agency.pk if agency is not None else None
    seen = set()
    current, step = agency, STEP_AGENCY
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        found = users_with_roles(current, roles)
        if found:
            return Recipients(found, requested_id, current, step, roles)
        current, step = current.parent, STEP_PARENT
    lead = lead_agency_for(agency.province_id if agency is not None else None, on_date=on_date)
    if lead is not None:
        if lead.pk not in seen:
            found = users_with_roles(lead, roles)
            if found:
                return Recipients(found, requested_id, lead, STEP_PROVINCE_LEAD, roles)
        found = users_with_roles(lead, (Role.SUPERVISOR,))
        if found:
            return Recipients(found, requested_id, lead, STEP_LEAD_SUPERVISORS, roles)
    return Recipients((), requested_id, None, STEP_NONE, roles)


# ---- the inbox -----------------------------------------------------------------------------------


def inbox(user, *, unread=None):
    """The officer's own notifications, newest first (``unread=True``: unread only; False: read only)."""
    rows = Notification.objects.filter(recipient=user)
    if unread is True:
        rows = rows.filter(read_at__isnull=True)
    elif unread is False:
        rows = rows.filter(read_at__isnull=False)
    return rows.order_by("-created_at", "-id")


def unread_count(user):
    """One COUNT on the partial index of unread rows."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox_row(notification):
    """A notification as the inbox shows it, in the active language."""
    return {
        "id": notification.pk,
        "message": message_of(notification),
        # A routine notice is titled by its kind; only danger (a mandatory kind) is shown as an alert.
        "label": str(kinds.label_of(notification.kind)),
        "urgent": _urgent(notification.kind),
        "created": date_text(notification.created_at, "SHORT_DATETIME_FORMAT"),
        "created_iso": notification.created_at.isoformat(),
        "unread": notification.read_at is None,
        "has_link": bool(notification.link),
    }


def _urgent(code):
    try:
        return kinds.get(code).mandatory
    except kinds.UnknownKind:
        return False


def message_of(notification):
    """The notification's sentence in the active language."""
    return kinds.render(notification.kind, notification.params)


# ---- e-mail preferences --------------------------------------------------------------------------


def email_choices(user):
    """``{kind code: wants e-mail}`` for every registered kind (mandatory kinds: always True)."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {
        kind.code: True if kind.mandatory else stored.get(kind.code, kind.email_default) for kind in kinds.all_kinds()
    }


def users_wanting_email(kind, user_ids):
    """Of ``user_ids``, those who want ``kind`` by e-mail (their choice, else the kind's default)."""
    user_ids = set(user_ids)
    if kind.mandatory or not user_ids:
        return user_ids
    stored = dict(
        NotificationPreference.objects.filter(kind=kind.code, user_id__in=user_ids).values_list("user_id", "email")
    )
    return {uid for uid in user_ids if stored.get(uid, kind.email_default)}
