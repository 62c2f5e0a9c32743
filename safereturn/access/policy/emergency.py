"""Emergency access (truy cập khẩn cấp, "break-glass"): who may ask, which cases are within an
agency's plausible reach, what a justification must hold, and who decides and reviews.

The bounds — how long access lasts, how many a day open without approval, how many words a
justification needs, when the review is due — are the rule in force (``rules.EmergencyAccessRule``),
not numbers here. Access given this way is read-only and never reveals identity (decision 0026).
"""

import re
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from safereturn.directory.models import Role
from safereturn.rules.models import EmergencyAccessRule
from safereturn.rules.selectors import rule_in_force

from ..models import BreakGlassGrant
from ..vocab import EmergencyStatus
from .roles import CASE_ROLES

_WORD = re.compile(r"\w+", re.UNICODE)
_RUN = re.compile(r"(.)\1{3,}")  # the same character four times or more


def emergency_rule(on_date=None):
    """The break-glass bounds in force (``rules.selectors.RuleError`` if the table has none)."""
    return rule_in_force(EmergencyAccessRule, on_date or timezone.localdate())


def can_ask_emergency_access(actor):
    """Officers with a case role may ask; access beyond the bounds waits for a supervisor."""
    return actor is not None and actor.role in CASE_ROLES and actor.agency.is_active


def justification_problem(text, rule):
    """Why a justification is not one (a message), or None. A justification states facts: enough
    words, several different ones, no padding with repeated characters."""
    text = (text or "").strip()
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < rule.minimum_words:
        return ngettext(
            "Write at least %(count)d word: what is happening and why this case must be opened now.",
            "Write at least %(count)d words: what is happening and why this case must be opened now.",
            rule.minimum_words,
        ) % {"count": rule.minimum_words}
    distinct = {w for w in words if len(w) > 1 and not w.isdigit()}
    if len(distinct) < (rule.minimum_words + 1) // 2 or _RUN.search(text):
        return _("Explain the emergency in your own words; repeated words or characters are not a justification.")
    return None


def within_reach(agency, case):
    """Whether the case is one the agency could plausibly need: same province as the case, or the case
    names the agency's province as the person's home. A national agency reaches every case."""
    if agency.province_id is None:
        return True
    home = getattr(case.person, "home_province_id", None)
    return agency.province_id in (case.province_id, home)


def used_today(user, now=None):
    """The emergency accesses the officer opened without approval in the last 24 hours."""
    now = now or timezone.now()
    return BreakGlassGrant.objects.filter(
        user=user, route="within_bounds", granted_at__gt=now - timedelta(hours=24)
    ).count()


def can_decide_emergency_access(actor, grant):
    """A supervisor of the agency told of the request decides it; never the officer who asked."""
    return (
        actor is not None
        and actor.role == Role.SUPERVISOR
        and grant.supervising_agency_id is not None
        and actor.agency.pk == grant.supervising_agency_id
        and actor.user.pk != grant.user_id
    )


def can_review_emergency_access(actor, grant):
    """The same supervisors review each access afterwards; never the officer who used it."""
    return can_decide_emergency_access(actor, grant)


def emergency_accesses_to_handle(actor):
    """Requests waiting for this supervisor's decision and accesses waiting for their review."""
    if actor is None or actor.role != Role.SUPERVISOR:
        return BreakGlassGrant.objects.none()
    return (
        BreakGlassGrant.objects.filter(supervising_agency_id=actor.agency.pk)
        .exclude(user_id=actor.user.pk)
        .filter(Q(status=EmergencyStatus.REQUESTED) | Q(status=EmergencyStatus.GRANTED, reviewed_at__isnull=True))
    )


def emergency_accesses_for_auditor(actor):
    """The emergency accesses an auditor oversees: those by officers of their province's agencies or
    on cases of their province; a national auditor's, all."""
    if actor is None or actor.role != Role.AUDITOR:
        return BreakGlassGrant.objects.none()
    province = actor.agency.province_id
    if province is None:
        return BreakGlassGrant.objects.all()
    return BreakGlassGrant.objects.filter(Q(agency__province_id=province) | Q(case__province_id=province))
