"""What the accounts app tells officers (``notifications``), registered in ``AccountsConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from safereturn.directory.models import Role
from safereturn.notifications.kinds import NotificationKind


def _role_label(params):
    role = params.get("role")
    return {"role": Role(role).label} if role in Role.values else {}


ROLE_REQUESTED = NotificationKind(
    code="role_requested",
    label=_("Role awaiting your approval"),
    message=_(
        "An administrator asked for the role %(role)s in %(agency)s for an officer. "
        "It grants nothing until a supervisor approves it."
    ),
    params=("role", "agency"),
    present=_role_label,
)

KINDS = (ROLE_REQUESTED,)
