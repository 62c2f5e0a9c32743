"""The officer's start page and the choice of the agency and role they act in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safereturn.access.policy import CASE_ROLES, actor_for_request, sees_danger_alerts
from safereturn.cases.list_page import case_rows
from safereturn.cases.selectors import case_list
from safereturn.core.access_marks import case_data_view, not_case_data
from safereturn.core.work_queues import all_items, work_queues
from safereturn.directory.selectors import (
    ACTIVE_MEMBERSHIP_SESSION_KEY,
    active_membership,
    memberships_for_user,
    request_memberships,
)
from safereturn.identification.services import records_viewed
from safereturn.notifications.selectors import inbox, inbox_row
from safereturn.protection.selectors import open_alerts_reaching


@case_data_view
@login_required
def home(request):
    """Who the officer acts as, the danger alerts waiting for their agency, their work queues (every app's, by
    due date), notifications and latest cases."""
    memberships = request_memberships(request)
    actor = actor_for_request(request)
    recent = []
    if actor is not None and actor.role in CASE_ROLES:
        recent = case_rows(case_list(actor)[:5])
    notifications = [inbox_row(n) for n in inbox(request.user, unread=True)[:10]]
    # Counted only for the officers whose agencies alerts are sent to (the menu's "Danger alerts").
    alerts_waiting = open_alerts_reaching(actor).count() if sees_danger_alerts(actor) else 0
    return render(
        request,
        "home/home.html",
        {
            "memberships": memberships,
            "membership": active_membership(request),
            "queues": work_queues(actor),
            "recent": recent,
            "notifications": notifications,
            "urgent_notifications": any(n["urgent"] for n in notifications),
            "alerts_waiting": alerts_waiting,
        },
    )


@case_data_view
@login_required
def work(request):
    """ "My work": everything assigned to the officer and their agency (every provider's items, any due
    date), earliest due first; ``?mine=1`` keeps those assigned to the officer or to nobody in particular."""
    actor = actor_for_request(request)
    scope = "officer" if request.GET.get("mine") else "agency"
    today = timezone.localdate()
    rows = [
        {"item": item, "overdue": item.due_date < today, "today": item.due_date == today}
        for item in all_items(actor, scope=scope)
    ]
    if actor is not None:
        records_viewed(actor=actor, case=None, what=f"my_work:{scope}:{len(rows)}")
    return render(request, "home/work.html", {"rows": rows, "scope": scope, "membership": active_membership(request)})


@not_case_data
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
    return redirect("home:home")
