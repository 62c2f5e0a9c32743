"""What the case app tells officers (``notifications``), registered in ``CasesConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

BREAK_GLASS = NotificationKind(
    code="break_glass",
    label=_("Emergency access used"),
    message=_("%(officer)s used emergency access to case %(number)s."),
    params=("officer", "number"),
    # Supervisors must learn of every use at once, whatever their e-mail preference.
    mandatory=True,
)

DUPLICATE_CHECKS_ALERT = NotificationKind(
    code="duplicate_checks_alert",
    label=_("Many checks for earlier records"),
    message=_(
        "%(officer)s checked for earlier records of persons %(count)s times in %(minutes)s minutes; "
        "further checks are refused for now."
    ),
    params=("officer", "count", "minutes"),
    # The check tells whether a person is held elsewhere: its use as a lookup must be seen at once.
    mandatory=True,
)

KINDS = (BREAK_GLASS, DUPLICATE_CHECKS_ALERT)
