"""Telling officers: ``notify`` writes the in-app notifications in the caller's transaction and sends the
e-mails once it has committed; ``send_pending_emails`` tries again those a mail server refused.

E-mails go in the system's language (Vietnamese) with the English text below, and carry only what the
notification shows: the kind's sentence built from its declared parameters, and a link into the site.
"""

import contextlib
import datetime
import functools
import logging
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from safereturn.core import errors

from . import kinds
from .models import Notification, NotificationPreference, UnreachedNotice
from .selectors import Recipients, administrators_for, users_wanting_email

NOTICE_UNREACHED = "notice_unreached"

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """The mail backend accepted no message (and said nothing else)."""


MAX_PARAM_LENGTH = 255
MAX_LINK_LENGTH = 300
# E-mails that failed are tried again for this long, then left (the notification is still in the inbox).
EMAIL_RETRY_WINDOW = datetime.timedelta(hours=24)
# After this many failures in a row the mail server is taken to be down until the next attempt. Right
# after a business action (in the officer's request) one failure is enough: the retries send the rest.
MAX_FAILURES_IN_A_ROW = 3
MAX_FAILURES_AFTER_COMMIT = 1
EMAIL_BATCH = 1000


def notify(*, kind, recipients, params=None, link="", object_type="", object_id="", exclude=(), sought_in=None):
    """Notify ``recipients`` of something of ``kind``; returns the notifications made.

    ``kind``: a registered kind's code (or the registered ``NotificationKind``). ``params``: exactly the
    names the kind declares, each a str, int, float, bool or None (dates as ISO strings); anything
    else (a model instance, a date object, a list) raises ``ValueError``. ``recipients``: users or user
    ids, or the ``Recipients`` of ``selectors.recipients_for``; inactive users are skipped, duplicates
    removed, and ``exclude`` (e.g. the acting officer) left out. ``link``: a path inside the site
    (``/cases/…/``) or "". ``object_type``/``object_id``: what the notification is about, as in the
    audit trail.

    The rows are written in the caller's transaction. E-mails go after it commits, to recipients with
    an address who want this kind by e-mail (mandatory kinds: always); if the mail server fails, the
    business action stands, the failure is logged and ``send_pending_emails`` tries again.

    A notice that finds nobody is never silent: it is kept as an ``UnreachedNotice`` and the system
    administrators (of the province of ``sought_in``, the agency whose officers were sought, or of the
    ``Recipients``' agency) are told.
    """
    kind = _registered(kind)
    params = _checked_params(kind, params)
    link = _checked_link(link)
    object_id = "" if object_id is None else str(object_id)
    user_ids = _user_ids(recipients) - _user_ids(exclude)
    users = list(
        get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk").values_list("pk", "email")
    )
    if not users:
        _unreached(kind, params, link, object_type, object_id, recipients, sought_in)
        return []
    wanting = users_wanting_email(kind, [pk for pk, email in users if (email or "").strip()])
    now = timezone.now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind.code,
                params=params,
                link=link,
                object_type=str(object_type or ""),
                object_id=object_id,
                created_at=now,
                email_wanted=pk in wanting,
            )
            for pk, _email in users
        ]
    )
    to_email = [n.pk for n in created if n.email_wanted]
    if to_email:
        transaction.on_commit(functools.partial(_email_after_commit, to_email), robust=True)
    return created


def _unreached(kind, params, link, object_type, object_id, recipients, sought_in):
    """A notice found nobody: keep it for the administrators and tell them (never silent)."""
    agency_id = getattr(sought_in, "pk", sought_in)
    if agency_id is None and isinstance(recipients, Recipients):
        agency_id = recipients.requested_agency_id
    roles = ",".join(recipients.roles) if isinstance(recipients, Recipients) else ""
    notice = UnreachedNotice.objects.create(
        kind=kind.code,
        params=params,
        link=link,
        object_type=str(object_type or ""),
        object_id=object_id,
        agency_id=agency_id,
        roles=roles,
    )
    logger.error("Notice %s (%s) reached nobody: unreached notice %s", kind.code, object_type or "-", notice.pk)
    if kind.code == NOTICE_UNREACHED:
        return  # an alert to administrators that found none is logged, not re-sent
    notify(
        kind=NOTICE_UNREACHED,
        recipients=administrators_for(agency_id),
        params={"kind": kind.code, "notice": notice.pk},
        link=reverse("admin:notifications_unreachednotice_change", args=[notice.pk]),
        object_type="unreached_notice",
        object_id=notice.pk,
    )


def _registered(kind):
    code = kind.code if isinstance(kind, kinds.NotificationKind) else kind
    registered = kinds.get(code)
    if isinstance(kind, kinds.NotificationKind) and kind is not registered:
        raise ValueError(f"notification kind {code!r} is not the registered one")
    return registered


def _checked_params(kind, params):
    params = dict(params or {})
    undeclared = set(params) - set(kind.params)
    missing = set(kind.params) - set(params)
    if undeclared:
        raise ValueError(f"notification kind {kind.code!r} does not declare parameters {sorted(undeclared)}")
    if missing:
        raise ValueError(f"notification kind {kind.code!r} needs parameters {sorted(missing)}")
    checked = {}
    for name, value in params.items():
        if value is None or isinstance(value, bool):
            checked[name] = value
        elif isinstance(value, str):
            if len(value) > MAX_PARAM_LENGTH:
                raise ValueError(f"parameter {name!r} is longer than {MAX_PARAM_LENGTH} characters")
            checked[name] = str(value)
        elif isinstance(value, int):
            checked[name] = int(value)
        elif isinstance(value, float) and math.isfinite(value):
            checked[name] = value
        else:
            raise ValueError(
                f"parameter {name!r} is a {type(value).__name__}: pass a str, int, float, bool or None "
                "(dates as ISO strings, objects by their id)"
            )
    return checked


def _checked_link(link):
    link = link or ""
    if link and not is_local_path(link):
        raise ValueError(f"link {link!r} is not a path inside the site")
    if len(link) > MAX_LINK_LENGTH:
        raise ValueError(f"link is longer than {MAX_LINK_LENGTH} characters")
    return link


def is_local_path(link):
    """Whether ``link`` is a path on this site ("/cases/…"), never another site ("//evil", "https://…")."""
    return (
        isinstance(link, str)
        and link.startswith("/")
        and not link.startswith(("//", "/\\"))
        and not any(c.isspace() or ord(c) < 32 for c in link)
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    )


def _user_ids(value):
    if value is None:
        return set()
    if isinstance(value, Recipients):
        return set(value.user_ids)
    user_model = get_user_model()
    if isinstance(value, (user_model, int)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, (str, bytes)):
        raise TypeError("recipients: users, user ids or Recipients, not a string")
    ids = set()
    for item in value:
        if isinstance(item, user_model):
            ids.add(item.pk)
        elif isinstance(item, int) and not isinstance(item, bool):
            ids.add(item)
        else:
            raise TypeError(f"recipients: users or user ids, not {type(item).__name__}")
    return ids


# ---- reading -------------------------------------------------------------------------------------


def notification_mark_read(*, user, notification_id):
    """Mark one of the officer's own notifications read; ``errors.NotFound`` for anyone else's."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise errors.NotFound
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user):
    """Mark all the officer's unread notifications read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def email_preferences_save(*, user, choices):
    """Save which kinds the officer wants by e-mail: ``{kind code: bool}``. Mandatory kinds cannot be
    turned off (their value is ignored); an unknown code raises ``kinds.UnknownKind``."""
    for code, wanted in choices.items():
        kind = kinds.get(code)
        if kind.mandatory:
            continue
        NotificationPreference.objects.update_or_create(user=user, kind=code, defaults={"email": bool(wanted)})


# ---- e-mail --------------------------------------------------------------------------------------


def _email_after_commit(notification_ids):
    try:
        _deliver(Notification.objects.filter(pk__in=notification_ids), max_failures=MAX_FAILURES_AFTER_COMMIT)
    except Exception as exc:  # the business action has committed: never fail it for an e-mail
        logger.error("Notification e-mails not sent (%s); they will be tried again", type(exc).__name__)


def send_pending_emails(*, now=None):
    """Send the e-mails not yet sent of notifications made in the last 24 hours. Idempotent: each e-mail
    is claimed in the database before it goes, so running this twice (or at once in two workers, or
    alongside the sending after commit) sends it once. Returns ``{"sent", "failed", "skipped"}``."""
    now = now or timezone.now()
    return _deliver(Notification.objects.filter(created_at__gte=now - EMAIL_RETRY_WINDOW, created_at__lte=now))


def _deliver(notifications, *, max_failures=MAX_FAILURES_IN_A_ROW):
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    rows = _deliverable(notifications, counts)
    if not rows:
        return counts
    connection = mail.get_connection()
    try:
        connection.open()
    except Exception as exc:
        logger.warning("Mail server unavailable (%s): %s notification e-mails wait", type(exc).__name__, len(rows))
        counts["failed"] += len(rows)
        return counts
    try:
        _send_each(rows, connection, counts, max_failures)
    finally:
        _close_quietly(connection)
    return counts


def _deliverable(notifications, counts):
    """The notifications still to e-mail, oldest first; those whose officer can no longer be reached
    (deactivated, or the address removed since) are taken off the list for good."""
    rows = list(
        notifications.filter(email_wanted=True, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("created_at", "pk")[:EMAIL_BATCH]
    )
    unreachable = {n.pk for n in rows if not (n.recipient.is_active and (n.recipient.email or "").strip())}
    if unreachable:  # nothing to send, nothing to retry
        Notification.objects.filter(pk__in=unreachable, emailed_at__isnull=True).update(email_wanted=False)
        counts["skipped"] += len(unreachable)
    return [n for n in rows if n.pk not in unreachable]


def _send_each(rows, connection, counts, max_failures):
    """Each e-mail claimed, then sent; after ``max_failures`` failures in a row the rest wait."""
    failures_in_a_row = 0
    for position, notification in enumerate(rows):
        try:
            sent = _claim_and_send(notification, connection)
        except Exception as exc:
            counts["failed"] += 1
            failures_in_a_row += 1
            # Which notification and why; never the message, nor the address.
            logger.warning(
                "Notification e-mail not sent (notification %s, kind %s): %s",
                notification.pk,
                notification.kind,
                type(exc).__name__,
            )
            _close_quietly(connection)
            if failures_in_a_row >= max_failures:
                counts["failed"] += len(rows) - position - 1
                return
        else:
            counts["sent" if sent else "skipped"] += 1
            failures_in_a_row = 0 if sent else failures_in_a_row


def _claim_and_send(notification, connection):
    """Claim the e-mail in the database, then send it; False if another worker had sent it meanwhile."""
    message = _email_message(notification, connection)
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        if connection.send_messages([message]) != 1:
            raise EmailNotSent
    return True


def _close_quietly(connection):
    with contextlib.suppress(Exception):  # a connection already broken
        connection.close()


def _site_url(path):
    return settings.SAFERETURN_SITE_URL.rstrip("/") + path


def email_languages():
    """The system's language first, then English (once)."""
    first = settings.LANGUAGE_CODE
    return [first] if first.startswith("en") else [first, "en"]


def _email_message(notification, connection=None):
    """The e-mail of a notification: subject and text in the system's language, then in English."""
    if notification.link:
        url = _site_url(reverse("notifications:open", args=[notification.pk]))
    else:
        url = _site_url(reverse("notifications:inbox"))
    preferences = _site_url(reverse("notifications:preferences"))
    try:
        kind_label = kinds.get(notification.kind).label
    except kinds.UnknownKind:
        kind_label = notification.kind
    subject, blocks = None, []
    for language in email_languages():
        with translation.override(language):
            if subject is None:
                subject = _("SafeReturn: %(label)s") % {"label": kind_label}
            blocks.append(
                "\n".join(
                    [
                        kinds.render(notification.kind, notification.params),
                        "",
                        _("Open it in SafeReturn: %(url)s") % {"url": url},
                        "",
                        _(
                            "This e-mail was sent by SafeReturn. It never carries the names of the people we "
                            "protect: sign in to see the details."
                        ),
                        _("To choose which notifications come by e-mail: %(url)s") % {"url": preferences},
                    ]
                )
            )
    return mail.EmailMessage(
        subject=" ".join(subject.split()),
        body="\n\n-----\n\n".join(blocks) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email.strip()],
        connection=connection,
    )
