"""Shelter services: places, admission, transfer, discharge, extension, over-capacity decisions, and the
warning sweep before a stay reaches its cap.

Each business action is one transaction that writes the audit event and the case's timeline event
(``audit.timeline.record``). Bad input raises ``ValidationError`` by field and changes nothing;
refusals are ``core.errors`` (``Denied``, ``Conflict``, ``StateError``). Timeline data holds ids,
codes and dates only; free text (destination, reasons) is encrypted and never in events or notices.

Days of support are counted per case across its stays (a transfer continues the count): a finished
stay counts the nights from admission to leaving, the current one the days from admission to today
inclusive. A stay may last until ``allowed_until``: the cap of the rule in force on the day the case
was received (``StayCapRule``), less what earlier stays of the case used, or a later day set by an
extension decision.
"""

import calendar
import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.cases.extensions import stay_cap_credit
from safereturn.cases.models import CaseEvent, CaseParticipant, Person
from safereturn.core import errors
from safereturn.core.versioning import versioned_update
from safereturn.directory.models import Agency, Role
from safereturn.notifications.selectors import recipients_for
from safereturn.notifications.services import notify
from safereturn.rules.selectors import RuleError, rule_in_force

from . import vocab
from .models import FacilityPlaces, OverCapacityDecision, Stay, StayCapRule, StayExtension

K = vocab.TimelineKind
ENDED_STATUSES = ("closed",)
MAX_PLACES = 2000
SWEEPER = "system:shelter-cap-sweep"


# ---- the cap ---------------------------------------------------------------------------------------


def rules_date(case):
    """Cases keep the rules in force on the day they were received."""
    return timezone.localdate(case.received_at)


def cap_rule(case):
    """The stay cap rule for the case, or a ``ValidationError`` asking for the rule table to be completed."""
    try:
        return rule_in_force(StayCapRule, rules_date(case))
    except RuleError as exc:
        raise ValidationError({NON_FIELD_ERRORS: [str(exc)]}) from exc


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cap_days(rule, first_day):
    """The cap in days, counted from ``first_day`` (months are calendar months from that day)."""
    if rule.unit == vocab.CapUnit.MONTHS:
        return (add_months(first_day, rule.length) - first_day).days
    return rule.length


def stay_days(stay, today=None):
    """Days a stay used: nights to its end, or days to today inclusive while it goes on."""
    today = today or timezone.localdate()
    if stay.discharged_on is not None:
        return (stay.discharged_on - stay.admitted_on).days
    return max((today - stay.admitted_on).days + 1, 0)


def days_used(case, today=None):
    """Days of support the case's stays used so far."""
    return sum(stay_days(stay, today) for stay in Stay.objects.filter(case=case))


@dataclass(frozen=True)
class CapCount:
    """The one count of the stay cap (decision 38): the shelter panel, the admission, the warning and the
    support engine's essential-needs cap all read it. ``days_used``: the stays' days (a finished stay its
    nights, the current one its days to ``today`` inclusive) plus days of the same support given outside any
    stay; ``extension_days``: every extension decided (the stays' extension decisions and other apps'
    decisions); ``until``: the current stay's last allowed day (None when nobody stays)."""

    rule: StayCapRule
    first_day: datetime.date | None
    cap_days: int
    extension_days: int
    days_used: int
    until: datetime.date | None
    today: datetime.date

    @property
    def total_days(self):
        return self.cap_days + self.extension_days

    @property
    def days_left(self):
        """Days of the cap after ``today`` (the current stay may last until ``today`` + days left)."""
        return max(self.total_days - self.days_used, 0)

    @property
    def near(self):
        """Within the rule's warning lead time: the same test as the warning sweep and the work queue."""
        if self.until is not None:
            return self.until <= self.today + datetime.timedelta(days=self.rule.warn_days)
        return self.days_used > 0 and self.days_left <= self.rule.warn_days


def _extension_days(stays):
    return sum((e.new_end - e.previous_end).days for stay in stays for e in stay.extensions.all())


_cap_rules_cache = {"loaded_at": None, "rows": ()}


def forget_cap_rules(**_kwargs):
    """Called when a stay cap rule is saved or deleted (this process forgets at once, others within
    SAFERETURN_RULE_CACHE_SECONDS), and by the test set-up between tests."""
    _cap_rules_cache["loaded_at"] = None


def _cap_rule_for(case):
    """The stay cap rule for the case from the rows kept in memory for a short while (two rows; every case
    page with a support panel asks), or None when not exactly one is in force."""
    loaded_at = _cap_rules_cache["loaded_at"]
    if loaded_at is None or time.monotonic() - loaded_at > settings.SAFERETURN_RULE_CACHE_SECONDS:
        _cap_rules_cache["rows"] = tuple(StayCapRule.objects.all())
        _cap_rules_cache["loaded_at"] = time.monotonic()
    on = rules_date(case)
    rows = [r for r in _cap_rules_cache["rows"] if r.effective_from <= on and (r.effective_to or on) >= on]
    return rows[0] if len(rows) == 1 else None


def cap_count(case, *, stays=None, today=None, rule=None, credit=None):
    """The count of the case's stay cap on ``today``, or None when no cap rule is in force for the case.
    ``credit``: what other apps add (``cases.extensions.stay_cap_credit``), when the caller knows it."""
    today = today or timezone.localdate()
    rule = rule or _cap_rule_for(case)
    if rule is None:
        return None
    if stays is None:
        stays = list(Stay.objects.filter(case=case).prefetch_related("extensions"))
    if credit is None:
        credit = stay_cap_credit(case, stays, today)
    first = min((s.admitted_on for s in stays), default=None)
    current = next((s for s in stays if s.discharged_on is None), None)
    return CapCount(
        rule=rule,
        first_day=first,
        cap_days=cap_days(rule, first or today),
        extension_days=_extension_days(stays) + credit.extra_days,
        days_used=sum(stay_days(s, today) for s in stays) + credit.days_used,
        until=current.allowed_until if current else None,
        today=today,
    )


def _last_allowed_day(case, rule, admitted_on, exclude=None):
    """The last day a stay starting on ``admitted_on`` may last: the cap and every extension, less the days
    finished stays and support outside them used (a transfer keeps the same last day)."""
    stays = [
        s
        for s in Stay.objects.filter(case=case).prefetch_related("extensions")
        if s.pk != getattr(exclude, "pk", None) and s.discharged_on is not None
    ]
    first = min((s.admitted_on for s in stays), default=admitted_on)
    # Days given during this stay are the stay's own: only days outside every stay count as credit.
    this_stay = exclude or Stay(case=case, admitted_on=admitted_on)
    credit = stay_cap_credit(case, [*stays, this_stay], timezone.localdate())
    total = cap_days(rule, first) + _extension_days(stays) + credit.extra_days
    used = sum(stay_days(s) for s in stays) + credit.days_used
    return admitted_on + datetime.timedelta(days=total - used - 1)


def cap_recount(*, case):
    """After another app changed the count (a support decision extending the cap, essential needs paid
    outside the stays), move the current stay's last allowed day to what the count says. A later day is
    warned of in its turn. Runs inside the caller's transaction."""
    current = Stay.objects.select_for_update().filter(case=case, discharged_on__isnull=True).first()
    if current is None:
        return None
    until = _last_allowed_day(case, current.cap_rule, current.admitted_on, exclude=current)
    until += datetime.timedelta(days=_extension_days([current]))
    if until != current.allowed_until:
        changes = {"allowed_until": until, "version": current.version + 1, "updated_at": timezone.now()}
        if until > current.allowed_until:
            changes["warned_at"] = None
        Stay.objects.filter(pk=current.pk).update(**changes)
    return until


# ---- places ----------------------------------------------------------------------------------------


def facility_or_404(facility_id):
    try:
        return Agency.objects.select_related("agency_type", "province").get(pk=facility_id, is_active=True)
    except (Agency.DoesNotExist, ValueError, TypeError) as exc:
        raise errors.NotFound from exc


def _check_places(changes):
    problems = {}
    for group, (places, _version) in changes.items():
        if group not in vocab.PlaceGroup.values:
            problems[NON_FIELD_ERRORS] = [_("Unknown group of places.")]
        elif places is None or not 0 <= places <= MAX_PLACES:
            problems[group] = [_("Enter a whole number of places from 0 to %(max)s.") % {"max": MAX_PLACES}]
    if problems:
        raise ValidationError(problems)


def places_update(*, actor, facility, changes):
    """Set a facility's places: ``changes`` is ``{group: (places, version)}``, ``version`` the one the
    supervisor loaded (None for a group that had no row). One transaction: all or nothing."""
    if not policy.can_manage_places(actor, facility):
        raise errors.Denied
    _check_places(changes)
    after = {}
    with transaction.atomic():
        for group, (places, version) in changes.items():
            row = FacilityPlaces.objects.filter(facility=facility, group=group).first()
            if row is None:
                if version not in (None, 0):
                    raise errors.Conflict
                FacilityPlaces.objects.create(facility=facility, group=group, places=places, updated_by=actor.user)
                after[group] = places
                continue
            if version is not None and version != row.version:
                raise errors.Conflict
            if row.places != places:
                versioned_update(row, expected_version=row.version, places=places, updated_by=actor.user)
                after[group] = places
        if after:
            record(
                actor,
                AuditAction.CHANGE,
                object_type="shelter_places",
                object_id=facility.pk,
                details={"places": after},
            )
    return FacilityPlaces.objects.filter(facility=facility)


# ---- admission -------------------------------------------------------------------------------------


def _date_problems(field, day, case):
    today = timezone.localdate()
    if day is None:
        return {field: [_("Enter the date of admission.")]}
    if day > today:
        return {field: [_("The date cannot be in the future.")]}
    if day < rules_date(case):
        return {
            field: [
                _("The date cannot be before the case was received (%(received)s).")
                % {"received": rules_date(case).strftime("%d/%m/%Y")}
            ]
        }
    return {}


def _overlapping(case, admitted_on, exclude=None):
    """Stays of the same person (any of their cases) that a stay from ``admitted_on`` would overlap."""
    stays = Stay.objects.filter(case__person_id=case.person_id).filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=admitted_on)
    )
    if exclude is not None:
        stays = stays.exclude(pk=exclude.pk)
    return stays.select_related("facility").first()


def occupancy(facility_id, group):
    return Stay.objects.filter(facility_id=facility_id, group=group, discharged_on__isnull=True).count()


def _admit(*, actor, case, facility, group, admitted_on, over_capacity_decision_id, transferred_from=None, field=""):
    """Check and write one admission (inside the caller's transaction). ``field``: the form's prefix
    for the facility and group fields (a transfer names the receiving facility ``to_facility``)."""
    facility_field = field or "facility"
    problems = {}
    if case.status in ENDED_STATUSES:
        problems[NON_FIELD_ERRORS] = [_("The case is closed: nobody can be admitted on it. Reopen it first.")]
    problems.update(_date_problems("admitted_on", admitted_on, case))
    if group not in vocab.allowed_groups(case):
        problems["group"] = [
            _("Choose a group of places suited to the person's sex and age (%(groups)s).")
            % {"groups": ", ".join(str(vocab.PlaceGroup(g).label) for g in sorted(vocab.allowed_groups(case)))}
        ]
    places = (
        FacilityPlaces.objects.select_for_update().filter(facility=facility, group=group).first()
        if group in vocab.PlaceGroup.values
        else None
    )
    if "group" not in problems and places is None:
        problems[facility_field] = [_("This facility has no places for this group.")]
    if problems:
        raise ValidationError(problems)
    overlap = _overlapping(case, admitted_on, exclude=transferred_from)
    if overlap is not None:
        raise ValidationError(
            {
                "admitted_on": [
                    _(
                        "This person already has a stay from %(start)s that covers this date (at %(facility)s): "
                        "record the discharge or transfer first."
                    )
                    % {"start": overlap.admitted_on.strftime("%d/%m/%Y"), "facility": overlap.facility.name}
                ]
            }
        )
    decision = None
    current = occupancy(facility.pk, group)
    if current >= places.places:
        decision = _usable_decision(actor, case, facility, group, over_capacity_decision_id)
        if decision is None:
            raise ValidationError(
                {
                    "over_capacity_decision": [
                        _(
                            "The %(group)s places of this facility are full (%(current)s of %(places)s). An admission "
                            "over capacity needs a decision recorded by the facility's supervisor, not by you."
                        )
                        % {"group": vocab.PlaceGroup(group).label, "current": current, "places": places.places}
                    ]
                }
            )
    rule = cap_rule(case)
    stay = Stay.objects.create(
        case=case,
        facility=facility,
        group=group,
        admitted_on=admitted_on,
        admitted_by=actor.user,
        transferred_from=transferred_from,
        over_capacity_decision=decision,
        cap_rule=rule,
        allowed_until=_last_allowed_day(case, rule, admitted_on),
    )
    return stay, current + 1, places.places


def _usable_decision(actor, case, facility, group, decision_id):
    if decision_id in (None, ""):
        return None
    decisions = OverCapacityDecision.objects.filter(case=case, facility=facility, group=group, stay__isnull=True)
    # Not the admitting officer's own decision: someone else must have decided.
    return decisions.filter(pk=decision_id).exclude(decided_by_id=actor.user.pk).first()


def _lock_person(case):
    # Two admissions of the same person wait for each other: the overlap check sees the first.
    Person.objects.select_for_update().filter(pk=case.person_id).first()


def stay_admit(*, actor, case, group, admitted_on, over_capacity_decision_id=None):
    """Admit the case's person to the actor's own facility on ``admitted_on``."""
    facility = actor.agency
    if not policy.can_admit(actor, case, facility.pk):
        raise errors.Denied
    with transaction.atomic():
        _lock_person(case)
        stay, current, places = _admit(
            actor=actor,
            case=case,
            facility=facility,
            group=group,
            admitted_on=admitted_on,
            over_capacity_decision_id=over_capacity_decision_id,
        )
        record(
            actor,
            AuditAction.CREATE,
            object_type="shelter_stay",
            object_id=stay.pk,
            details={
                "case": str(case.pk),
                "facility": facility.pk,
                "group": group,
                "occupancy": current,
                "places": places,
                "over_capacity_decision": stay.over_capacity_decision_id,
            },
            event=CaseEvent.build(
                case,
                K.STAY_ADMITTED,
                actor,
                stay=stay.pk,
                facility=facility.pk,
                group=group,
                admitted_on=admitted_on.isoformat(),
                allowed_until=stay.allowed_until.isoformat(),
                over_capacity=stay.over_capacity_decision_id is not None,
            ),
        )
    return stay


# ---- discharge and transfer ------------------------------------------------------------------------


def stay_for_case(case, stay_id):
    try:
        return Stay.objects.select_related("facility", "cap_rule").get(pk=stay_id, case=case)
    except (Stay.DoesNotExist, ValueError, TypeError) as exc:
        raise errors.NotFound from exc


def _leaving_problems(stay, left_on, field):
    today = timezone.localdate()
    if left_on is None:
        return {field: [_("Enter the date the person left.")]}
    if left_on > today:
        return {field: [_("The date cannot be in the future.")]}
    if left_on < stay.admitted_on:
        return {
            field: [
                _("The person cannot leave before they were admitted (%(admitted)s).")
                % {"admitted": stay.admitted_on.strftime("%d/%m/%Y")}
            ]
        }
    return {}


def _check_current(stay):
    if not stay.is_current:
        raise errors.StateError(_("This stay has already ended."))


def stay_discharge(*, actor, case, stay, discharged_on, reason, destination="", expected_version=None):
    """End a stay: the date, a reason from the vocabulary and where the person went (encrypted)."""
    if not policy.can_change_stay(actor, case, stay):
        raise errors.Denied
    _check_current(stay)
    problems = _leaving_problems(stay, discharged_on, "discharged_on")
    if reason not in dict(vocab.DISCHARGE_CHOICES):
        problems["reason"] = [_("Choose why the person left.")]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        versioned_update(
            stay,
            expected_version=expected_version,
            conditions={"discharged_on__isnull": True},
            discharged_on=discharged_on,
            discharge_reason=reason,
            destination=(destination or "").strip(),
            discharged_by=actor.user,
        )
        record(
            actor,
            AuditAction.STATUS_CHANGE,
            object_type="shelter_stay",
            object_id=stay.pk,
            details={"case": str(case.pk), "facility": stay.facility_id, "discharged": True, "reason": reason},
            event=CaseEvent.build(
                case,
                K.STAY_DISCHARGED,
                actor,
                stay=stay.pk,
                facility=stay.facility_id,
                discharged_on=discharged_on.isoformat(),
                reason=reason,
            ),
        )
    return stay


def receiving_facilities(case, exclude_id=None):
    """Facilities a stay may be transferred to: agencies with places that take part in the case."""
    taking_part = CaseParticipant.objects.filter(case=case, is_active=True).values("agency_id")
    facilities = Agency.objects.filter(is_active=True, pk__in=taking_part, shelter_places__isnull=False).distinct()
    if exclude_id is not None:
        facilities = facilities.exclude(pk=exclude_id)
    return facilities.order_by("name")


def stay_transfer(
    *, actor, case, stay, to_facility_id, transferred_on, group, expected_version=None, over_capacity_decision_id=None
):
    """End the stay and start the next one at another facility on the same day, in one transaction.
    The receiving facility must take part in the case (a referral accepted, or a participation)."""
    if not policy.can_change_stay(actor, case, stay):
        raise errors.Denied
    _check_current(stay)
    problems = _leaving_problems(stay, transferred_on, "transferred_on")
    target = None
    if to_facility_id in (None, ""):
        problems["to_facility"] = [_("Choose the facility the person moves to.")]
    else:
        target = receiving_facilities(case, exclude_id=stay.facility_id).filter(pk=to_facility_id).first()
        if target is None:
            problems["to_facility"] = [
                _("Choose another facility with places that takes part in this case (refer the case to it first).")
            ]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _lock_person(case)
        versioned_update(
            stay,
            expected_version=expected_version,
            conditions={"discharged_on__isnull": True},
            discharged_on=transferred_on,
            discharge_reason=vocab.DischargeReason.TRANSFERRED,
            destination=target.name,
            discharged_by=actor.user,
        )
        try:
            new_stay, current, places = _admit(
                actor=actor,
                case=case,
                facility=target,
                group=group,
                admitted_on=transferred_on,
                over_capacity_decision_id=over_capacity_decision_id,
                transferred_from=stay,
                field="to_facility",
            )
        except ValidationError as exc:
            # The admission's date is the transfer's date on this form.
            raise ValidationError(
                {("transferred_on" if k == "admitted_on" else k): v for k, v in exc.message_dict.items()}
            ) from exc
        record(
            actor,
            AuditAction.STATUS_CHANGE,
            object_type="shelter_stay",
            object_id=stay.pk,
            details={
                "case": str(case.pk),
                "from_facility": stay.facility_id,
                "to_facility": target.pk,
                "new_stay": new_stay.pk,
                "occupancy": current,
                "places": places,
                "over_capacity_decision": new_stay.over_capacity_decision_id,
            },
            event=CaseEvent.build(
                case,
                K.STAY_TRANSFERRED,
                actor,
                stay=stay.pk,
                new_stay=new_stay.pk,
                facility=stay.facility_id,
                to_facility=target.pk,
                group=group,
                transferred_on=transferred_on.isoformat(),
            ),
        )
    return new_stay


# ---- decisions -------------------------------------------------------------------------------------


def stay_extend(*, actor, case, stay, new_end, decision_number, decided_on, reason, expected_version=None):
    """The director's decision lengthening the allowed stay to ``new_end``."""
    if not policy.can_extend_stay(actor, case, stay):
        raise errors.Denied
    _check_current(stay)
    today = timezone.localdate()
    problems = {}
    if new_end is None:
        problems["new_end"] = [_("Enter the new last day of support.")]
    elif new_end <= stay.allowed_until:
        problems["new_end"] = [
            _("The new last day must be after the current one (%(end)s).")
            % {"end": stay.allowed_until.strftime("%d/%m/%Y")}
        ]
    if decided_on is None:
        problems["decided_on"] = [_("Enter the date of the decision.")]
    elif decided_on > today:
        problems["decided_on"] = [_("The date cannot be in the future.")]
    elif decided_on < stay.admitted_on:
        problems["decided_on"] = [_("The decision cannot be dated before the admission.")]
    if not (decision_number or "").strip():
        problems["decision_number"] = [_("Enter the number of the decision.")]
    if len((reason or "").strip()) < 5:
        problems["reason"] = [_("Give the reason for the extension.")]
    if problems:
        raise ValidationError(problems)
    previous = stay.allowed_until
    with transaction.atomic():
        versioned_update(
            stay,
            expected_version=expected_version,
            conditions={"discharged_on__isnull": True},
            allowed_until=new_end,
            warned_at=None,
        )
        extension = StayExtension.objects.create(
            stay=stay,
            new_end=new_end,
            previous_end=previous,
            decision_number=decision_number.strip(),
            decided_on=decided_on,
            reason=reason.strip(),
            decided_by=actor.user,
        )
        record(
            actor,
            AuditAction.CHANGE,
            object_type="shelter_stay",
            object_id=stay.pk,
            details={
                "case": str(case.pk),
                "extension": extension.pk,
                "from": previous.isoformat(),
                "to": new_end.isoformat(),
            },
            event=CaseEvent.build(
                case,
                K.STAY_EXTENDED,
                actor,
                stay=stay.pk,
                extension=extension.pk,
                previous_end=previous.isoformat(),
                new_end=new_end.isoformat(),
                decision_number=extension.decision_number,
            ),
        )
    return extension


def over_capacity_allow(*, actor, case, group, reason):
    """The facility supervisor's decision that the case's person may be admitted to a full group of the
    supervisor's facility. It is used by one admission, made by another officer."""
    facility = actor.agency
    if not policy.can_allow_over_capacity(actor, case, facility.pk):
        raise errors.Denied
    problems = {}
    if group not in vocab.allowed_groups(case):
        problems["group"] = [_("Choose a group of places suited to the person's sex and age.")]
    elif not FacilityPlaces.objects.filter(facility=facility, group=group).exists():
        problems["group"] = [_("This facility has no places for this group.")]
    if len((reason or "").strip()) < 5:
        problems["reason"] = [_("Give the reason for admitting over capacity.")]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        decision = OverCapacityDecision.objects.create(
            case=case, facility=facility, group=group, reason=reason.strip(), decided_by=actor.user
        )
        record(
            actor,
            AuditAction.CREATE,
            object_type="over_capacity_decision",
            object_id=decision.pk,
            details={"case": str(case.pk), "facility": facility.pk, "group": group},
            event=CaseEvent.build(
                case, K.OVER_CAPACITY_ALLOWED, actor, decision=decision.pk, facility=facility.pk, group=group
            ),
        )
    return decision


# ---- the warning before the cap --------------------------------------------------------------------


def cap_warning_sweep(*, today=None):
    """Warn each facility once of every current stay within its rule's lead time of the last allowed
    day: a notice to the facility's case workers and supervisors, and an event on the case. Idempotent:
    ``warned_at`` is set by a conditional update, so a second run (or two at once) warns nobody twice.
    An extension clears it, so the new end is warned of in its turn."""
    today = today or timezone.localdate()
    warned = 0
    for rule in StayCapRule.objects.all():
        due = Stay.objects.filter(
            cap_rule=rule,
            discharged_on__isnull=True,
            warned_at__isnull=True,
            allowed_until__lte=today + datetime.timedelta(days=rule.warn_days),
        ).select_related("case", "facility")
        for stay in due:
            with transaction.atomic():
                if not Stay.objects.filter(pk=stay.pk, warned_at__isnull=True).update(warned_at=timezone.now()):
                    continue
                sweeper = SystemActor(SWEEPER, agency_id=stay.facility_id)
                record(
                    sweeper,
                    AuditAction.CHANGE,
                    object_type="shelter_stay",
                    object_id=stay.pk,
                    details={"case": str(stay.case_id), "cap_warning": stay.allowed_until.isoformat()},
                    event=CaseEvent.build(
                        stay.case, K.STAY_CAP_NEAR, None, stay=stay.pk, allowed_until=stay.allowed_until.isoformat()
                    ),
                )
                notify(
                    kind="shelter_stay_cap_near",
                    recipients=recipients_for(stay.facility, (Role.CASE_WORKER, Role.SUPERVISOR)),
                    params={"number": stay.case.number, "until": stay.allowed_until.isoformat()},
                    link=reverse("cases:detail", args=[stay.case_id]) + "#shelter",
                    object_type="shelter_stay",
                    object_id=stay.pk,
                    sought_in=stay.facility,
                )
                warned += 1
    return warned
