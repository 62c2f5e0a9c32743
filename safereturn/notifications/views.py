"""The inbox and the e-mail preferences. Every officer sees and changes only their own notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereturn.core.access_marks import not_case_data

from . import selectors, services
from .forms import EmailPreferencesForm

PAGE_SIZE = 25


def _back_to_inbox(request):
    url = reverse("notifications:inbox")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@not_case_data
@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "rows": [selectors.inbox_row(n) for n in page], "query": ""},
    )


@not_case_data
@login_required
def open_notification(request, pk):
    """Mark the notification read and go to what it is about: only ever a path on this site."""
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    if notification.link and services.is_local_path(notification.link):
        return HttpResponseRedirect(notification.link)
    if notification.link:
        messages.warning(request, _("This notification's link cannot be opened."))
    return redirect("notifications:inbox")


@not_case_data
@login_required
@require_POST
def mark_read(request, pk):
    services.notification_mark_read(user=request.user, notification_id=pk)
    return _back_to_inbox(request)


@not_case_data
@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return _back_to_inbox(request)


@not_case_data
@login_required
def preferences(request):
    data = request.POST if request.method == "POST" else None
    form = EmailPreferencesForm(data, choices=selectors.email_choices(request.user))
    if request.method == "POST" and form.is_valid():
        services.email_preferences_save(user=request.user, choices=form.email_choices())
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool((request.user.email or "").strip())},
    )
