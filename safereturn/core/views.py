from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safereturn.directory.selectors import (
    ACTIVE_MEMBERSHIP_SESSION_KEY,
    active_membership,
    memberships_for_user,
)


@login_required
def home(request):
    """The officer's start page: who they are acting as, and their work queues."""
    memberships = list(memberships_for_user(request.user))
    # Work queues are filled by the case, verification and referral modules as they land.
    queues = {"due_today": [], "due_this_week": [], "overdue": []}
    return render(
        request,
        "core/home.html",
        {"memberships": memberships, "membership": active_membership(request), "queues": queues},
    )


@login_required
@require_POST
def switch_membership(request):
    """Choose which agency and role the officer acts in (recorded on every audit event)."""
    try:
        membership_id = int(request.POST.get("membership", ""))
    except ValueError:
        return HttpResponseBadRequest()
    if not memberships_for_user(request.user).filter(pk=membership_id).exists():
        return HttpResponseBadRequest()
    request.session[ACTIVE_MEMBERSHIP_SESSION_KEY] = membership_id
    return redirect("core:home")


def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
