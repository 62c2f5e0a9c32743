"""What coordination tells officers: dates only, never what was said at the meeting."""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

KINDS = (
    NotificationKind(
        code="action_item_assigned",
        label=_("An action item for your agency"),
        message=_("The meeting of %(meeting_date)s gave your agency an action item, due %(due)s."),
        params=("meeting_date", "due"),
    ),
    NotificationKind(
        code="action_item_due_soon",
        label=_("An action item is due soon"),
        message=_("An action item from the meeting of %(meeting_date)s is due %(due)s."),
        params=("meeting_date", "due"),
    ),
    NotificationKind(
        code="action_item_overdue",
        label=_("An action item is overdue"),
        message=_("An action item from the meeting of %(meeting_date)s was due %(due)s and is not done."),
        params=("meeting_date", "due"),
    ),
)
