from django.conf import settings

from safereturn.directory.selectors import active_membership

from .policy import CASE_ROLES, Actor, sees_danger_alerts, sees_shelters


def menu_links(user, membership):
    """The header's links that depend on the agency as well as the role (the danger alerts for the police
    and border guard and the lead agency's supervisors; the shelters for whoever places people)."""
    if membership is None:
        return ()
    actor = Actor(user, membership)
    return tuple(
        name for name, shown in (("danger_alerts", sees_danger_alerts), ("shelters", sees_shelters)) if shown(actor)
    )


def site(request):
    """What every page's chrome needs: the membership the officer acts in, whether its role works with
    case data (the header shows the case pages' links only then) and which other links it shows."""
    membership = None
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        membership = active_membership(request)
    return {
        "CASE_ROLES": CASE_ROLES,
        "DEMO_MODE": settings.SAFERETURN_DEMO,
        "active_membership": membership,
        "MENU_LINKS": menu_links(request.user, membership) if membership is not None else (),
    }
