from django.conf import settings


def site(request):
    from safereturn.directory.selectors import active_membership

    membership = None
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        membership = active_membership(request)
    from safereturn.access.policy import CASE_ROLES

    return {
        "CASE_ROLES": CASE_ROLES,
        "DEMO_MODE": settings.SAFERETURN_DEMO,
        "active_membership": membership,
    }
