"""What shelters tell officers (``notifications``): the case number and dates only, never the person."""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

KINDS = (
    NotificationKind(
        code="shelter_stay_cap_near",
        label=_("A stay is approaching its support cap"),
        message=_(
            "The stay on case %(number)s reaches the last day of support allowed on %(until)s: discharge the "
            "person, or record the director's extension decision."
        ),
        params=("number", "until"),
    ),
)
