"""What every page over case data starts with: the acting officer, or a refusal."""

import functools

from django.contrib.auth.decorators import login_required

from safereturn.core import errors

from . import policy


def with_actor(view):
    """Resolve the acting officer (agency + role, as chosen for this session) or refuse (403): only
    case roles work with case data. The view receives the ``Actor`` after the request."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        actor = policy.actor_for_request(request)
        if actor is None or actor.role not in policy.CASE_ROLES:
            raise errors.Denied
        return view(request, actor, *args, **kwargs)

    return wrapper
