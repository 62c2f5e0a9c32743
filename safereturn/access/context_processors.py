from django.conf import settings

from safereturn.directory.selectors import active_membership

from .policy import CASE_ROLES


def site(request):
    """What every page's chrome needs: the membership the officer acts in, and whether its role works
    with case data (the header shows the case pages' links only then)."""
    membership = None
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        membership = active_membership(request)
    return {
        "CASE_ROLES": CASE_ROLES,
        "DEMO_MODE": settings.SAFERETURN_DEMO,
        "active_membership": membership,
    }
