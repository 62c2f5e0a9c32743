"""What protection tells officers (``notifications``), registered in ``ProtectionConfig.ready``.

Parameters are the case number, agency names and ISO times: never anything about the person, nor the
alert's text (the officers it reaches open it in the system).
"""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

KINDS = (
    NotificationKind(
        code="danger_alert",
        label=_("Danger alert"),
        message=_(
            "DANGER ALERT on case %(number)s, raised by %(agency)s at %(raised)s. Open it, act and acknowledge "
            "it by %(until)s."
        ),
        params=("number", "agency", "raised", "until"),
        mandatory=True,
    ),
    NotificationKind(
        code="danger_alert_escalated",
        label=_("Danger alert not acknowledged"),
        message=_(
            "Escalation: the danger alert on case %(number)s raised by %(agency)s at %(raised)s was not "
            "acknowledged by %(until)s. Open it, act and acknowledge it."
        ),
        params=("number", "agency", "raised", "until"),
        mandatory=True,
    ),
    NotificationKind(
        code="danger_alert_acknowledged",
        label=_("Danger alert acknowledged"),
        message=_("The danger alert on case %(number)s was acknowledged by %(agency)s at %(at)s."),
        params=("number", "agency", "at"),
    ),
)
