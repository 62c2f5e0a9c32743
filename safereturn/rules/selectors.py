"""Choosing the rule in force on a date, and what follows from it (due dates, competence)."""

import datetime
import time

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import AgencyCompetenceRule, Counting, DeadlineRule, PublicHoliday, SharingException, SharingRule


class RuleError(LookupError):
    """No rule, or more than one, applies: the rule table needs an administrator's attention."""


def in_force(model, on_date):
    return model.objects.filter(effective_from__lte=on_date).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on_date)
    )


def rule_in_force(model, on_date, **filters):
    """The one row of ``model`` matching ``filters`` in force on ``on_date``; ``RuleError`` otherwise."""
    rows = list(in_force(model, on_date).filter(**filters)[:2])
    described = ", ".join(f"{k}={v}" for k, v in sorted(filters.items()))
    if not rows:
        raise RuleError(
            _("No %(rule)s (%(filters)s) is in force on %(date)s. Ask the administrator to complete the rule table.")
            % {"rule": model._meta.verbose_name, "filters": described, "date": on_date.strftime("%d/%m/%Y")}
        )
    if len(rows) > 1:
        raise RuleError(
            _("More than one %(rule)s (%(filters)s) is in force on %(date)s. Ask the administrator to fix the dates.")
            % {"rule": model._meta.verbose_name, "filters": described, "date": on_date.strftime("%d/%m/%Y")}
        )
    return rows[0]


def add_days(start, days, counting):
    """The date ``days`` days after ``start``; working days skip weekends and public holidays."""
    if counting == Counting.CALENDAR_DAYS:
        return start + datetime.timedelta(days=days)
    horizon = start + datetime.timedelta(days=days * 3 + 60)
    holidays = set(PublicHoliday.objects.filter(date__gt=start, date__lte=horizon).values_list("date", flat=True))
    current, counted = start, 0
    while counted < days:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            counted += 1
    return current


def deadline_for(step, *, start, rules_date):
    """``(due_date, rule)``: the deadline of ``step`` counted from ``start`` under the rule in force on
    ``rules_date`` (for a case: the date it was received, so earlier cases keep their rules)."""
    rule = rule_in_force(DeadlineRule, rules_date, step=step)
    return add_days(start, rule.days, rule.counting), rule


_competence_cache = {"loaded_at": None, "rows": ()}


def forget_competence_rules(**_kwargs):
    """Called when a competence rule is saved or deleted (this process forgets at once, others
    within SAFERETURN_RULE_CACHE_SECONDS)."""
    _competence_cache["loaded_at"] = None


def _competence_rows():
    # The table has a few dozen rows and every case page asks it: keep it in memory for a short while.
    loaded_at = _competence_cache["loaded_at"]
    if loaded_at is None or time.monotonic() - loaded_at > settings.SAFERETURN_RULE_CACHE_SECONDS:
        _competence_cache["rows"] = tuple(
            AgencyCompetenceRule.objects.values_list("agency_type_code", "action", "effective_from", "effective_to")
        )
        _competence_cache["loaded_at"] = time.monotonic()
    return _competence_cache["rows"]


def competent_agency_types(action, on_date):
    return {
        code
        for code, rule_action, start, end in _competence_rows()
        if rule_action == action and start <= on_date and (end is None or end >= on_date)
    }


def is_competent(agency_type_code, action, on_date):
    return agency_type_code in competent_agency_types(action, on_date)


def sharing_rule_for(agency_type_code, on_date):
    """The sharing rule in force on ``on_date`` for an agency type, or None (then sharing relies on consent)."""
    return in_force(SharingRule, on_date).filter(agency_type_code=agency_type_code).order_by("-effective_from").first()


def sharing_exceptions(on_date):
    """The legal exceptions to consent an officer may record on ``on_date``."""
    return in_force(SharingException, on_date).order_by("code", "-effective_from")


def sharing_exception(pk, on_date):
    """The legal exception ``pk`` if it is in force on ``on_date``, else None."""
    try:
        return sharing_exceptions(on_date).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
