"""Refused attempts at case data, recorded and watched (docs/decisions/0023).

Every answer 401, 403 or 404 of a page or endpoint marked as reaching case data (``core.access_marks``)
to a signed-in user is an audit event ``AuditAction.DENIED``: who, in which agency and role, which
route, method and status, and the object named in the URL (ids only, never the query string). When
one officer's refusals within ``SAFERETURN_REFUSAL_ALERT_MINUTES`` reach a multiple of
``SAFERETURN_REFUSAL_ALERT_COUNT``, the supervisors of the officer's agency (found up the agency tree)
and the auditors of its province are told, with a link to the audit trail filtered to that officer's
refusals. Other watched counts (the duplicate check's) use ``alert_supervisors_and_auditors`` too.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from safereturn.audit.models import AuditAction, AuditEvent
from safereturn.audit.services import audit_record
from safereturn.core.access_marks import CASE_DATA, access_mark
from safereturn.directory.models import Role
from safereturn.notifications.kinds import NotificationKind
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify

from . import policy

REFUSED_STATUSES = frozenset({401, 403, 404})
MAX_ID_LENGTH = 64

REFUSALS_ALERT = NotificationKind(
    code="refusals_alert",
    label=_("Many refused attempts at case data"),
    message=_("%(officer)s was refused case data %(count)s times in %(minutes)s minutes."),
    params=("officer", "count", "minutes"),
    # Someone probing for cases they may not see: supervisors and auditors must learn of it at once.
    mandatory=True,
)

KINDS = (REFUSALS_ALERT,)


def reaches_case_data(request):
    """Whether the request was routed to a view marked as reaching case data."""
    match = getattr(request, "resolver_match", None)
    return match is not None and access_mark(match.func) == CASE_DATA


def _target(kwargs):
    """The object named in the URL: (type, id) from ``case_id`` first, else the first ``<name>_id``."""
    ids = {name: str(value)[:MAX_ID_LENGTH] for name, value in kwargs.items() if name.endswith("_id")}
    if "case_id" in ids:
        return "case", ids["case_id"], ids
    for name, value in ids.items():
        return name[: -len("_id")], value, ids
    return "", "", ids


def record_refusal(request, status):
    """Record that ``request`` (by a signed-in user, routed to a case-data view) was answered ``status``."""
    match = request.resolver_match
    return refusal_recorded(
        user=request.user,
        actor=policy.actor_for_request(request),
        route=match.view_name,
        method=request.method,
        status=status,
        url_kwargs=match.kwargs,
    )


def refusal_recorded(*, user, actor, route, method, status, url_kwargs):
    """Audit one refusal of case data to ``user`` (acting as ``actor``, or None without a membership) and
    alert when the user's refusals in the window reach a multiple of the threshold. Returns the event."""
    object_type, object_id, ids = _target(url_kwargs)
    with transaction.atomic():
        event = audit_record(
            action=AuditAction.DENIED,
            actor=user,
            agency_id=actor.agency.pk if actor is not None else None,
            role=actor.role if actor is not None else "",
            object_type=object_type,
            object_id=object_id,
            details={"route": route, "method": method, "status": status, "ids": ids},
        )
        _alert_on_threshold(user, actor)
    return event


def _alert_on_threshold(user, actor):
    every = settings.SAFERETURN_REFUSAL_ALERT_COUNT
    minutes = settings.SAFERETURN_REFUSAL_ALERT_MINUTES
    if every <= 0:
        return
    since = timezone.now() - datetime.timedelta(minutes=minutes)
    count = AuditEvent.objects.filter(actor_id=user.pk, action=AuditAction.DENIED, occurred_at__gte=since).count()
    if count and count % every == 0:
        alert_supervisors_and_auditors(
            kind=REFUSALS_ALERT,
            user=user,
            agency=actor.agency if actor is not None else None,
            params={"officer": user.get_username(), "count": count, "minutes": minutes},
            action=AuditAction.DENIED,
        )


def province_auditors(agency):
    """Ids of the active auditors of the agency's province (every auditor, for a national agency or none)."""
    users = get_user_model().objects.filter(
        is_active=True,
        memberships__role=Role.AUDITOR,
        memberships__is_active=True,
        memberships__agency__is_active=True,
    )
    if agency is not None and agency.province_id is not None:
        users = users.filter(memberships__agency__province_id=agency.province_id)
    return set(users.values_list("pk", flat=True))


def alert_supervisors_and_auditors(*, kind, user, agency, params, action):
    """Tell the supervisors of ``agency`` (up the tree) and its province's auditors about ``user``; the
    link opens the audit trail filtered to that user and ``action``. The user is never told."""
    recipients = province_auditors(agency)
    if agency is not None:
        recipients |= set(recipients_for(agency, (Role.SUPERVISOR,)))
    link = reverse("oversight:audit_trail") + "?" + urlencode({"user": user.get_username(), "action": action})
    return notify(
        kind=kind.code,
        recipients=recipients,
        exclude=[user.pk],
        params=params,
        link=link,
        object_type="user",
        object_id=user.pk,
    )


class RefusalMiddleware:
    """Records refused requests for case data (``record_refusal``). After the authentication middleware,
    so the user is known; API requests authenticated by a token are seen through DRF's request, which
    sets the user on the request it wraps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REFUSED_STATUSES and reaches_case_data(request):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                record_refusal(request, response.status_code)
        return response
