"""Who is acting: an officer in one agency with one role (the membership they chose)."""

from dataclasses import dataclass

from safereturn.directory.models import Membership
from safereturn.directory.selectors import active_membership

from .roles import CASE_ROLES


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user in one agency with one role (the membership they chose)."""

    user: object
    membership: Membership

    @property
    def agency(self):
        return self.membership.agency

    @property
    def role(self):
        return self.membership.role

    @property
    def agency_type(self):
        return self.membership.agency.agency_type.code


def actor_for_request(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    membership = active_membership(request)
    return Actor(user, membership) if membership is not None else None


def works_with_cases(actor):
    """An actor whose role works with case data, in an active agency: the first condition of every scope."""
    return actor is not None and actor.role in CASE_ROLES and actor.agency.is_active
