"""What referrals tell officers (``notifications``): the case number, agencies and dates only, never a name."""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

RECEIVED = NotificationKind(
    code="referral_received",
    label=_("Referral received"),
    message=_("%(agency)s referred the person of case %(number)s to your agency: answer by %(due)s."),
    params=("agency", "number", "due"),
)
ACCEPTED = NotificationKind(
    code="referral_accepted",
    label=_("Referral accepted"),
    message=_("%(agency)s accepted the referral of case %(number)s."),
    params=("agency", "number"),
)
DECLINED = NotificationKind(
    code="referral_declined",
    label=_("Referral declined"),
    message=_("%(agency)s declined the referral of case %(number)s."),
    params=("agency", "number"),
)
COMPLETED = NotificationKind(
    code="referral_completed",
    label=_("Referral completed"),
    message=_("%(agency)s completed the referral of case %(number)s."),
    params=("agency", "number"),
)
REVOKED = NotificationKind(
    code="referral_revoked",
    label=_("Referral revoked"),
    message=_("%(agency)s revoked its referral of case %(number)s: your agency no longer sees it."),
    params=("agency", "number"),
)
REMINDER = NotificationKind(
    code="referral_reminder",
    label=_("Referral waiting for your answer"),
    message=_("The referral of case %(number)s from %(agency)s is waiting for your answer, due %(due)s."),
    params=("agency", "number", "due"),
)
ESCALATED = NotificationKind(
    code="referral_escalated",
    label=_("Referral not answered in time"),
    message=_("The referral of case %(number)s to %(agency)s was not answered by %(due)s."),
    params=("agency", "number", "due"),
)

KINDS = (RECEIVED, ACCEPTED, DECLINED, COMPLETED, REVOKED, REMINDER, ESCALATED)
