"""Meetings and action items: record, change (versioned), work the items, and remind their owners.

Each business action is one transaction writing its audit event (``audit.timeline.record``); bad
input raises ``ValidationError`` by field and changes nothing; refusals are ``core.errors``. Audit
details hold ids, codes and dates only: the minutes, decisions and item descriptions are encrypted
and never copied into events or notifications.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.core import errors
from safereturn.core.bounds import validate_date_in_range
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency, JurisdictionLevel, Membership, Role, User
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify
from safereturn.rules.selectors import RuleError, rule_in_force

from . import vocab
from .models import ActionItem, ActionReminderRule, Meeting

SWEEPER = "system:action-reminders"
# How far from today a meeting's date or an item's due date may lie: further is a typing mistake.
YEARS_BACK, YEARS_AHEAD = 5, 3
REMINDER_ROLES = (Role.CASE_WORKER, Role.SUPERVISOR, Role.INTAKE_OFFICER, Role.VERIFIER)


@dataclass
class MeetingData:
    kind: str
    held_on: datetime.date
    purpose: str
    province_id: int | None = None
    place: str = ""
    minutes: str = ""
    decisions: str = ""
    agency_ids: list = field(default_factory=list)
    case_numbers: list = field(default_factory=list)


def _near_today(value, name, errors_by_field):
    try:
        validate_date_in_range(value)
    except ValidationError as exc:
        errors_by_field[name] = exc.messages
        return
    today = timezone.localdate()
    if not today.replace(year=today.year - YEARS_BACK) <= value <= today.replace(year=today.year + YEARS_AHEAD):
        errors_by_field[name] = [
            _("Enter a date within %(back)s years before and %(ahead)s years after today.")
            % {"back": YEARS_BACK, "ahead": YEARS_AHEAD}
        ]


def _province_for(actor, province_id, problems):
    """A provincial or commune officer records meetings of their own province; a national one names it."""
    own = actor.agency.province_id
    if own is not None:
        if province_id not in (None, own):
            problems["province"] = [_("Record meetings of your own province only.")]
        return own
    if province_id is None:
        problems["province"] = [_("Choose the province where the meeting took place.")]
    return province_id


def _clean(actor, data, problems, keep=()):
    if data.kind not in vocab.MeetingKind.values:
        problems["kind"] = [_("Choose the kind of meeting.")]
    if data.held_on is None:
        problems["held_on"] = [_("Enter the date of the meeting.")]
    else:
        _near_today(data.held_on, "held_on", problems)
    if not (data.purpose or "").strip():
        problems["purpose"] = [_("Say what the meeting was for.")]
    province_id = _province_for(actor, data.province_id, problems)
    ids = {int(pk) for pk in data.agency_ids} | {actor.agency.pk, *keep}
    agencies = list(Agency.objects.filter(pk__in=ids, is_active=True))
    if len(agencies) != len(ids):
        problems["agencies"] = [_("One of the agencies chosen does not exist or is no longer active.")]
    if len(agencies) < 2:
        problems.setdefault("agencies", [_("Choose at least one other agency taking part.")])
    numbers = [n.strip() for n in data.case_numbers if n.strip()]
    cases = list(policy.visible_cases(actor).filter(number__in=numbers)) if numbers else []
    missing = sorted(set(numbers) - {c.number for c in cases})
    if missing:
        problems["case_numbers"] = [
            _("No case you may open has the number %(numbers)s.") % {"numbers": ", ".join(missing)}
        ]
    return province_id, agencies, cases


@transaction.atomic
def meeting_record(*, actor, data):
    """A meeting the actor's agency took part in (it is added to the agencies taking part)."""
    if not policy.can_record_meeting(actor):
        raise errors.Denied
    problems = {}
    province_id, agencies, cases = _clean(actor, data, problems)
    if problems:
        raise ValidationError(problems)
    meeting = Meeting.objects.create(
        kind=data.kind,
        held_on=data.held_on,
        province_id=province_id,
        place=data.place.strip(),
        purpose=data.purpose.strip(),
        minutes=data.minutes.strip(),
        decisions=data.decisions.strip(),
        organiser=actor.agency,
        recorded_by=actor.user,
    )
    meeting.agencies.set(agencies)
    meeting.cases.set(cases)
    record(
        actor,
        AuditAction.CREATE,
        object_type="meeting",
        object_id=meeting.pk,
        details={
            "kind": meeting.kind,
            "agencies": sorted(a.pk for a in agencies),
            "cases": sorted(str(c.pk) for c in cases),
        },
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting, data, expected_version):
    """Change a meeting; a save over someone else's newer one is refused (``Conflict``). Case links the
    actor may not open are kept as they are: an officer never removes what they cannot see."""
    if not policy.can_edit_meeting(actor, meeting):
        raise errors.Denied
    problems = {}
    data.province_id = meeting.province_id
    # The organiser stays among the agencies taking part whoever edits.
    _province, agencies, cases = _clean(actor, data, problems, keep=(meeting.organiser_id,))
    owners = set(meeting.action_items.values_list("owner_agency_id", flat=True))
    dropped = owners - {a.pk for a in agencies}
    if dropped:
        problems["agencies"] = [_("An agency that owns an action item must stay among the agencies taking part.")]
    if problems:
        raise ValidationError(problems)
    versioned_update(
        meeting,
        expected_version=expected_version,
        kind=data.kind,
        held_on=data.held_on,
        place=data.place.strip(),
        purpose=data.purpose.strip(),
        minutes=data.minutes.strip(),
        decisions=data.decisions.strip(),
    )
    meeting.agencies.set(agencies)
    hidden = meeting.cases.exclude(pk__in=policy.visible_cases(actor).values("pk"))
    meeting.cases.set([*hidden, *cases])
    record(
        actor,
        AuditAction.CHANGE,
        object_type="meeting",
        object_id=meeting.pk,
        details={"version": meeting.version, "agencies": sorted(a.pk for a in agencies)},
    )
    return meeting


def meeting_viewed(actor, meeting, *, via="web"):
    """A read of a meeting (its minutes may mention a case) is an audit event."""
    record(actor, AuditAction.VIEW, object_type="meeting", object_id=meeting.pk, details={"via": via})


def linked_cases(actor, meeting):
    """The cases the meeting discussed that the actor may open (the others are not shown at all)."""
    return meeting.cases.filter(pk__in=policy.visible_cases(actor).values("pk")).order_by("number")


def officers_of_agencies(agencies):
    """The officers of these agencies who may be put in charge of an action item (case roles)."""
    user_ids = Membership.objects.filter(agency__in=agencies, is_active=True, role__in=policy.CASE_ROLES).values(
        "user_id"
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "username")


def officers_of(agency):
    return officers_of_agencies([agency])


@transaction.atomic
def action_item_add(*, actor, meeting, description, owner_agency_id, due_date, owner_officer_id=None):
    if not policy.can_edit_meeting(actor, meeting):
        raise errors.Denied
    problems = {}
    if not (description or "").strip():
        problems["description"] = [_("Say what is to be done.")]
    owner = meeting.agencies.filter(pk=owner_agency_id).first() if owner_agency_id else None
    if owner is None:
        problems["owner_agency"] = [_("Choose the agency in charge among the agencies taking part.")]
    if due_date is None:
        problems["due_date"] = [_("Enter the due date.")]
    else:
        _near_today(due_date, "due_date", problems)
    if owner is not None and owner_officer_id and not officers_of(owner).filter(pk=owner_officer_id).exists():
        problems["owner_officer"] = [_("This officer does not work in the agency in charge.")]
    if problems:
        raise ValidationError(problems)
    item = ActionItem.objects.create(
        meeting=meeting,
        description=description.strip(),
        owner_agency=owner,
        owner_officer_id=owner_officer_id or None,
        due_date=due_date,
    )
    record(
        actor,
        AuditAction.CREATE,
        object_type="action_item",
        object_id=item.pk,
        details={"meeting": str(meeting.pk), "owner_agency": owner.pk, "due_date": due_date.isoformat()},
    )
    recipients = [owner_officer_id] if owner_officer_id else recipients_for(owner, REMINDER_ROLES)
    notify(
        kind="action_item_assigned",
        recipients=recipients,
        params={"meeting_date": meeting.held_on.isoformat(), "due": due_date.isoformat()},
        link=reverse("coordination:meeting", args=[meeting.pk]),
        object_type="action_item",
        object_id=item.pk,
        exclude=[actor.user],
        sought_in=owner,
    )
    return item


@transaction.atomic
def action_item_set_status(*, actor, item, status, expected_version):
    """Mark an item done, cancelled, or open again (versioned: two officers never both win)."""
    if not policy.can_work_action_item(actor, item):
        raise errors.Denied
    if status not in vocab.ItemStatus.values:
        raise ValidationError({"status": [_("Choose done, cancelled or to do.")]})
    done = status == vocab.ItemStatus.DONE
    versioned_update(
        item,
        expected_version=expected_version,
        status=status,
        done_on=timezone.localdate() if done else None,
        closed_by=actor.user if status != vocab.ItemStatus.OPEN else None,
    )
    record(
        actor,
        AuditAction.STATUS_CHANGE,
        object_type="action_item",
        object_id=item.pk,
        details={"meeting": str(item.meeting_id), "status": status},
    )
    return item


def item_for_meeting(meeting, item_id):
    try:
        return meeting.action_items.select_related("meeting").get(pk=item_id)
    except (ActionItem.DoesNotExist, ValueError, TypeError) as exc:
        raise errors.NotFound from exc


# ---- reminders ---------------------------------------------------------------------------------


def _remind(item, kind, stamp_field, now):
    with transaction.atomic():
        if not ActionItem.objects.filter(pk=item.pk, status="open", **{f"{stamp_field}__isnull": True}).update(
            **{stamp_field: now}
        ):
            return 0
        record(
            SystemActor(SWEEPER, agency_id=item.owner_agency_id),
            AuditAction.CHANGE,
            object_type="action_item",
            object_id=item.pk,
            details={"reminder": kind, "due_date": item.due_date.isoformat()},
        )
        recipients = (
            [item.owner_officer_id] if item.owner_officer_id else recipients_for(item.owner_agency, REMINDER_ROLES)
        )
        notify(
            kind=kind,
            recipients=recipients,
            params={"meeting_date": item.meeting.held_on.isoformat(), "due": item.due_date.isoformat()},
            link=reverse("coordination:meeting", args=[item.meeting_id]),
            object_type="action_item",
            object_id=item.pk,
            sought_in=item.owner_agency,
        )
        return 1


def reminder_sweep(*, today=None):
    """Remind each open item's owner once before the due date (the lead time of the rule in force) and
    once when it is overdue. Idempotent: each reminder is stamped by a conditional update, so a second
    run (or two at once) reminds nobody twice. Returns ``(before, overdue)`` counts."""
    today = today or timezone.localdate()
    try:
        lead = rule_in_force(ActionReminderRule, today).lead_days
    except RuleError:
        lead = None  # no rule in force: only the overdue reminder (the admin is told by the rule pages)
    now = timezone.now()
    before = overdue = 0
    open_items = ActionItem.objects.filter(status="open").select_related("meeting", "owner_agency")
    if lead is not None:
        soon = open_items.filter(
            reminded_before_at__isnull=True, due_date__gte=today, due_date__lte=today + datetime.timedelta(days=lead)
        )
        for item in soon:
            before += _remind(item, "action_item_due_soon", "reminded_before_at", now)
    for item in open_items.filter(reminded_overdue_at__isnull=True, due_date__lt=today):
        overdue += _remind(item, "action_item_overdue", "reminded_overdue_at", now)
    return before, overdue


def province_choices_needed(actor):
    """Whether the form asks for the province (a national officer's meetings may be anywhere)."""
    return actor.agency.jurisdiction_level == JurisdictionLevel.NATIONAL
