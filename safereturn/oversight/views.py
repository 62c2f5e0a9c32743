from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, When
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from safereturn.access import policy
from safereturn.access.policy import actor_for_request
from safereturn.access.vocab import EmergencyStatus
from safereturn.audit.models import AuditAction
from safereturn.core.access_marks import not_case_data
from safereturn.directory.audit import audit_record_for_request
from safereturn.directory.models import Role

from . import selectors, services


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=32)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + list(AuditAction.choices))
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)


class PurposeRevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to read this reason?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"min_length": _("Give a reason of at least 10 characters: it is recorded in the audit trail.")},
    )


def _auditor(request):
    actor = actor_for_request(request)
    if actor is None or actor.role != Role.AUDITOR:
        raise PermissionDenied
    return actor


def _rows(events):
    """The events as the auditor reads them: labels, not codes; the purpose only said to be there."""
    agencies, numbers = selectors.agency_names(events), selectors.case_numbers(events)
    return [
        {
            "event": event,
            "role": selectors.role_label(event.role),
            "agency": agencies.get(event.agency_id, event.agency_id or ""),
            "object_type": selectors.object_type_label(event.object_type),
            "object": numbers.get(event.object_id, event.object_id),
            "has_purpose": bool(event.purpose),
        }
        for event in events
    ]


@not_case_data
@login_required
def audit_trail(request):
    """The audit viewer, for the auditor role: who did what, when, from where, and why — the events
    of the auditor's jurisdiction (the ministry's: all), the free text behind a recorded reveal."""
    actor = _auditor(request)
    form = AuditFilterForm(request.GET or None)
    events = selectors.visible_audit_events(actor)
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            events = events.filter(actor_username=data["user"].strip())
        if data["case_number"]:
            events = selectors.events_of_case_number(events, data["case_number"])
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
    return render(
        request,
        "oversight/audit_trail.html",
        {"form": form, "page": page, "rows": _rows(page.object_list), "query": query.urlencode()},
    )


@not_case_data
@login_required
def audit_event(request, event_id):
    """One event; its purpose (a reveal reason, a break-glass justification) shown only after the
    auditor gives a reason, which is recorded as a reveal of the event."""
    actor = _auditor(request)
    event = selectors.visible_audit_events(actor).filter(pk=event_id).first()
    if event is None:
        raise Http404
    form = PurposeRevealForm(request.POST or None)
    revealed = False
    if request.method == "POST" and event.purpose and form.is_valid():
        with transaction.atomic():
            services.audit_purpose_reveal(actor=actor, event=event, reason=form.cleaned_data["reason"])
        revealed = True
    return render(
        request,
        "oversight/audit_event.html",
        {"row": _rows([event])[0], "form": form, "revealed": revealed, "purpose": event.purpose if revealed else ""},
    )


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
