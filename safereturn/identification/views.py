"""Verification and identification pages. Thin: the policy scopes, services change and validate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.cases import reveal
from safereturn.cases import services as case_services
from safereturn.cases.extensions import open_items_blocking_close
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import forms, permissions, selectors, services
from .models import IdentificationDecision
from .printing import FORMATS, PRINT_NEEDS_REVEAL, PRINTABLE, decision_document_response


def _case_page(case, anchor="verification"):
    return redirect(reverse("cases:detail", args=[case.pk]) + f"#{anchor}")


@case_data_view
@with_actor
def task_create(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_assign_verification(actor, case):
        raise PermissionDenied
    form = forms.TaskForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = page_action(
            lambda: services.verification_task_create(
                actor=actor,
                case=case,
                kind=data["kind"],
                assignee_agency_id=data["assignee_agency"].pk,
                partner_agency_id=data["partner_agency"].pk if data.get("partner_agency") else None,
                start_date=data.get("start_date"),
                due_date=data.get("due_date"),
                legal_exception_id=data["legal_exception"].pk if data.get("legal_exception") else None,
            ),
            form=form,
        )
        if created:
            messages.success(request, _("The verification task was assigned."))
            return _case_page(case)
    return render(request, "identification/task_form.html", {"case": case, "form": form})


@case_data_view
@with_actor
def task_detail(request, actor, case_id, task_id):
    case = policy.case_for_actor(actor, case_id)
    task = selectors.task_for_actor(actor, case, task_id)
    form = forms.TaskCompleteForm(request.POST or None, initial={"version": task.version})
    if request.method == "POST":
        response = _task_action(request, actor, case, task, form)
        if response is not None:
            return response
    else:
        services.records_viewed(actor=actor, case=case, what=f"verification_task:{task.pk}")
    return _task_page(request, actor, case, task, form=form)


def _after_completion(request, actor, case):
    """Where an officer lands after finishing a task: their work queue. The assigned agency's access
    to the case ends with its last open task; the message says so when it did."""
    policy.forget(case)
    try:
        policy.case_for_actor(actor, case.pk)
    except Http404:
        messages.info(
            request, _("Your agency's access to case %(number)s ended with the task.") % {"number": case.number}
        )
    return redirect("identification:queue")


def _task_action(request, actor, case, task, form):
    """Start, cancel or complete a task from its page: a redirect when done or refused for a stale or
    closed task (with the message), None to show the page again with the form's errors."""
    action = request.POST.get("action")
    version = _int(request.POST)
    if action == "start":
        call, done, to_case = (
            lambda: services.verification_task_start(actor=actor, task=task, expected_version=version),
            _("The task is in progress."),
            False,
        )
    elif action == "cancel":
        call, done, to_case = (
            lambda: services.verification_task_cancel(actor=actor, task=task, expected_version=version),
            _("The task was cancelled."),
            True,
        )
    elif action == "complete" and form.is_valid():
        call, done, to_case = (
            lambda: services.verification_task_complete(
                actor=actor,
                task=task,
                findings=form.cleaned_data["findings"],
                expected_version=form.cleaned_data["version"],
            ),
            _("The findings were recorded and the task is done."),
            True,
        )
    else:
        return None
    result = page_action(call, form=form if action == "complete" else None)
    if result:
        messages.success(request, done)
        if action == "complete":
            return _after_completion(request, actor, case)
        return _case_page(case) if to_case else redirect("identification:task", case_id=case.pk, task_id=task.pk)
    if result.error is not None:
        messages.error(request, result.error)
        return redirect("identification:task", case_id=case.pk, task_id=task.pk)
    return None


def _task_page(request, actor, case, task, *, form=None, due_form=None):
    # Findings are officers' free text, which may name the person: shown under the reveal rule.
    show_text = reveal.shown_on_page(request, actor, case)
    can_change_due_date = task.is_open and permissions.can_change_task_due_date(actor, task)
    if can_change_due_date and due_form is None:
        due_form = forms.TaskDueDateForm(initial={"version": task.version})
    return render(
        request,
        "identification/task_detail.html",
        {
            "case": case,
            "task": task,
            "form": form if form is not None else forms.TaskCompleteForm(initial={"version": task.version}),
            "due_form": due_form if can_change_due_date else None,
            "due_date_changes": selectors.due_date_changes(task),
            "show_text": show_text,
            "can_work": policy.can_work_task(actor, task) and task.is_open,
            "sharing": selectors.task_sharing(task),
            "can_cancel": policy.can_assign_verification(actor, case) and task.is_open,
            # The decision can be recorded while the task is open: the access ends when it closes.
            "can_decide": task.is_open
            and case.status == "under_verification"
            and policy.can_decide_identification(actor, case),
            "can_reveal": policy.can_reveal_identity(actor, case),
        },
    )


@case_data_view
@with_actor
@require_POST
def task_due_date(request, actor, case_id, task_id):
    """Move a task's due date (supervisors of the assigning or the assigned agency), with a reason."""
    case = policy.case_for_actor(actor, case_id)
    task = selectors.task_for_actor(actor, case, task_id)
    if not permissions.can_change_task_due_date(actor, task):
        raise PermissionDenied
    due_form = forms.TaskDueDateForm(request.POST)
    if due_form.is_valid():
        data = due_form.cleaned_data
        moved = page_action(
            lambda: services.verification_task_change_due_date(
                actor=actor,
                task=task,
                due_date=data["due_date"],
                reason=data["reason"],
                expected_version=data["version"],
            ),
            form=due_form,
        )
        if moved:
            messages.success(request, _("The due date was changed and the assigned agency was notified."))
            return redirect("identification:task", case_id=case.pk, task_id=task.pk)
        if moved.error is not None:
            # A stale version or a task closed meanwhile: the page as it is now, with the message.
            messages.error(request, moved.error)
            return redirect("identification:task", case_id=case.pk, task_id=task.pk)
    return _task_page(request, actor, case, task, due_form=due_form)


def _int(data, name="version"):
    try:
        return int(data.get(name, ""))
    except (TypeError, ValueError):
        return None


@case_data_view
@with_actor
def evidence_add(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_record_evidence(actor, case):
        raise PermissionDenied
    form = forms.EvidenceForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded = page_action(
            lambda: services.evidence_add(
                actor=actor,
                case=case,
                source=data["source"],
                obtained_on=data["obtained_on"],
                description=data["description"],
                source_agency_id=data["source_agency"].pk if data.get("source_agency") else None,
                document_ids=data.get("documents") or (),
            ),
            form=form,
        )
        if recorded:
            messages.success(request, _("The evidence was recorded."))
            return _case_page(case)
    return render(request, "identification/evidence_form.html", {"case": case, "form": form})


@case_data_view
@with_actor
def decision_create(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_decide_identification(actor, case):
        raise PermissionDenied(
            _("Your agency or role may not identify victims for this case under the rules that apply.")
        )
    initial = {"version": case.version, "decided_on": timezone.localdate(), "signer_name": actor.user.display_name()}
    form = forms.DecisionForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = page_action(
            lambda: services.identification_decide(
                actor=actor,
                case=case,
                kind=data["kind"],
                decided_on=data["decided_on"],
                reason=data["reason"],
                evidence_ids=data["basis"],
                expected_version=data["version"],
                signer_name=data.get("signer_name", ""),
                signer_title=data.get("signer_title", ""),
                place=data.get("place", ""),
                onward_help=data.get("onward_help", ""),
            ),
            form=form,
        )
        if decided:
            messages.success(request, _("The decision was recorded."))
            return _case_page(case)
    return render(request, "identification/decision_form.html", {"case": case, "form": form})


@case_data_view
@with_actor
def return_certificate(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_issue_return_certificate(actor, case):
        raise PermissionDenied(_("Your agency or role may not issue certificates of return for this case."))
    initial = {"decided_on": timezone.localdate(), "signer_name": actor.user.display_name()}
    form = forms.ReturnCertificateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        issued = page_action(
            lambda: services.return_certificate_issue(actor=actor, case=case, **form.cleaned_data), form=form
        )
        if issued:
            messages.success(request, _("The certificate of return was recorded."))
            return _case_page(case)
    return render(request, "identification/return_certificate_form.html", {"case": case, "form": form})


@case_data_view
@with_actor
def close(request, actor, case_id):
    """Close a case after confirming: the reason is required, and open verification tasks either stop
    it or are cancelled with that reason, as the officer chooses."""
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_change_case_status(actor, case):
        raise PermissionDenied
    form = forms.CloseCaseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closed = page_action(
            lambda: services.case_transition(
                actor=actor,
                case=case,
                transition="close",
                expected_version=data["version"],
                reason=data["reason"],
                cancel_open_tasks=data["cancel_open_tasks"],
                closure_reason=data["closure_reason"],
                override_reason=data.get("override_reason", ""),
            ),
            form=form,
        )
        if closed:
            messages.success(request, _("The case was closed."))
            return _case_page(case)
    open_tasks = list(services.open_tasks_of(case).select_related("assignee_agency"))
    return render(
        request,
        "identification/close_form.html",
        {
            "case": case,
            "form": form,
            "open_tasks": open_tasks,
            "open_items": open_items_blocking_close(case),
            "can_override": policy.can_close_despite_open_items(actor, case),
            "can_close": case.status in services.TRANSITIONS["close"].sources,
        },
    )


@case_data_view
@with_actor
@require_POST
def transition(request, actor, case_id, name):
    case = policy.case_for_actor(actor, case_id)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Reload it and try again."))
        return _case_page(case)
    result = page_action(
        lambda: services.case_transition(
            actor=actor,
            case=case,
            transition=name,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data.get("reason", ""),
        )
    )
    if result:
        messages.success(request, _("The case status was changed."))
    else:
        messages.error(request, result.error)
    return _case_page(case)


@case_data_view
@with_actor
def queue(request, actor):
    """The agency's work queue (or the officer's own, with ?mine=1)."""
    scope = "officer" if request.GET.get("mine") else "agency"
    queues = selectors.work_queues(actor, scope=scope)
    services.records_viewed(actor=actor, case=None, what=f"work_queue:{scope}:{sum(len(v) for v in queues.values())}")
    return render(request, "identification/queue.html", {"queues": queues, "scope": scope})


@case_data_view
@with_actor
def decision_print(request, actor, case_id, decision_id, fmt):
    """Giấy xác nhận nạn nhân / giấy chứng nhận về nước as Word or PDF. It names the person, so the
    reveal rule applies (``cases.reveal``): the right to reveal identity on this case and a reveal with
    a reason in force; a refusal is recorded, and so is every print."""
    case = policy.case_for_actor(actor, case_id)
    decision = IdentificationDecision.objects.filter(pk=decision_id, case=case, superseded_at__isnull=True).first()
    if decision is None or decision.kind not in PRINTABLE or fmt not in FORMATS:
        raise Http404
    if not reveal.shown_on_page(request, actor, case):
        case_services.identity_refused(actor=actor, case=case, what=f"decision_print:{decision.pk}")
        if not policy.can_reveal_identity(actor, case):
            raise PermissionDenied
        messages.error(request, PRINT_NEEDS_REVEAL)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#identity")
    return decision_document_response(actor=actor, decision=decision, fmt=fmt)
