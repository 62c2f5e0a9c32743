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

KINDS = (BREAK_GLASS,)
