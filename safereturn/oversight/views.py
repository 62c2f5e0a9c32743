from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from safereturn.access import policy
from safereturn.access.policy import actor_for_request
from safereturn.access.vocab import EmergencyStatus
from safereturn.audit.models import AuditAction, AuditEvent
from safereturn.core.access_marks import not_case_data
from safereturn.directory.audit import audit_record_for_request
from safereturn.directory.models import Role


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    object_id = forms.CharField(label=_("Case or object id"), required=False, max_length=64)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + list(AuditAction.choices))
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)


@not_case_data
@login_required
def audit_trail(request):
    """The audit viewer, for the auditor role: who did what, when, from where, and why."""
    actor = actor_for_request(request)
    if actor is None or actor.role != Role.AUDITOR:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            events = events.filter(actor_username=data["user"].strip())
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["date_from"]:
            events = events.filter(occurred_at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(occurred_at__date__lte=data["date_to"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    audit_record_for_request(
        request,
        action=AuditAction.VIEW,
        object_type="audit_trail",
        details={"filters": {k: str(v) for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "oversight/audit_trail.html", {"form": form, "page": page, "query": query.urlencode()})


@not_case_data
@login_required
def emergency_access(request):
    """Emergency accesses the auditor oversees: those not yet reviewed by a supervisor first.

    No case data: the case number, the officer, the kind of emergency and where the access stands;
    the justification is in the audit trail."""
    actor = actor_for_request(request)
    if actor is None or actor.role != Role.AUDITOR:
        raise PermissionDenied
    grants = policy.emergency_accesses_for_auditor(actor).select_related(
        "case", "agency", "user", "supervising_agency", "reviewed_by"
    )
    waiting = request.GET.get("waiting") == "1"
    if waiting:
        grants = grants.filter(status=EmergencyStatus.GRANTED, reviewed_at__isnull=True)
    grants = grants.order_by(
        Case(When(status=EmergencyStatus.GRANTED, reviewed_at__isnull=True, then=0), default=1), "-requested_at"
    )
    page = Paginator(grants, 50).get_page(request.GET.get("page"))
    audit_record_for_request(request, action=AuditAction.VIEW, object_type="emergency_access_list")
    return render(
        request,
        "oversight/emergency_access.html",
        {"page": page, "waiting": waiting, "query": "waiting=1" if waiting else ""},
    )
