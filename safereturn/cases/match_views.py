"""The holding agency's page for a request to confirm a possible earlier record (``services.match_requests``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from safereturn.access.pages import with_actor
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import forms, services
from .models import MatchRequest


def _request_for(actor, request_id):
    """The request if the actor's agency is to answer it (else 404: its existence is not told)."""
    match = MatchRequest.objects.select_related("case__person", "candidate", "asking_agency", "holding_agency").filter(
        pk=request_id
    )
    match = match.first()
    if match is None or not services.may_answer(actor, match):
        raise Http404
    return match


@case_data_view
@with_actor
def match_request(request, actor, request_id):
    """Both records side by side, for the holding agency's officer to say whether they are one person.
    Seeing them is audited; the answer is recorded, and the asking officer told."""
    match = _request_for(actor, request_id)
    form = forms.MatchAnswerForm(request.POST or None, initial={"version": match.version})
    if request.method == "POST" and form.is_valid():
        answered = page_action(
            lambda: services.match_request_answer(
                actor=actor,
                request=match,
                same_person=form.cleaned_data["answer"] == "same",
                expected_version=form.cleaned_data["version"],
            ),
            form=form,
        )
        if answered:
            messages.success(request, _("Your answer was recorded and the asking agency was told."))
            return redirect("home:work")
    record(actor, AuditAction.VIEW, object_type="match_request", object_id=match.pk, details={"via": "web"})
    held = match.candidate.cases.order_by("-received_at").first()
    return render(request, "cases/match_request.html", {"match": match, "form": form, "held": held})


class MatchQueueItem:
    """A request to confirm a possible earlier record, in the holding agency's work queue."""

    def __init__(self, match):
        self.match = match
        self.due_date = match.due_date

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return format_html(
            '<a href="{}">{}</a> · {} · {} · {}',
            reverse("cases:match_request", args=[self.match.pk]),
            _("Confirm a possible earlier record"),
            self.match.case.number,
            self.match.asking_agency.name,
            self.due_date.strftime("%d/%m/%Y"),
        )


def queue_items(actor, scope="officer"):
    """The requests the actor's agency is to answer (``core.work_queues`` provider)."""
    return [MatchQueueItem(m) for m in services.pending_for(actor)[:200]]
