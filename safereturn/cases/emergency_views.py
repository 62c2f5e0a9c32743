"""Emergency access pages (truy cập khẩn cấp): asking, the supervisor's decision and review, and the
officer's own requests. Thin: the policy decides, ``services.emergency_access_*`` change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.access.vocab import EmergencyStatus
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action
from safereturn.rules.selectors import RuleError

from . import emergency, forms, services
from .models import Case


@case_data_view
@with_actor
def break_glass(request, actor):
    try:
        rule = policy.emergency_rule()
    except RuleError as exc:
        messages.error(request, str(exc))
        rule = None
    form = forms.BreakGlassForm(request.POST or None)
    if request.method == "POST" and rule is not None and form.is_valid():
        # Whether a number exists is told only to someone who states an emergency; either way it is audited.
        case_id = (
            Case.objects.filter(number=form.cleaned_data["case_number"].strip()).values_list("pk", flat=True).first()
        )
        if case_id is None:
            form.add_error("case_number", _("No case has this number. Check it and try again."))
        else:
            data = form.cleaned_data
            asked = page_action(
                lambda: services.emergency_access_ask(
                    actor=actor, case_id=case_id, category=data["category"], justification=data["justification"]
                ),
                form=form,
            )
            if asked:
                return _after_asking(request, asked.value)
    return render(request, "cases/break_glass.html", {"form": form, "rule": rule})


def _after_asking(request, grant):
    if grant.status == EmergencyStatus.GRANTED:
        if grant.supervising_agency is not None:
            told = _("%(agency)s's supervisors and the auditors have been told.") % {
                "agency": grant.supervising_agency.name
            }
        else:
            told = _("No supervisor could be found to tell: the system administrators have been alerted.")
        messages.warning(
            request,
            _("Emergency access is open, read-only, until %(time)s.") % {"time": emergency.end_time(grant)}
            + " "
            + told,
        )
        return redirect("cases:detail", case_id=grant.case_id)
    messages.info(request, _("This case needs a supervisor's approval. Your request has been sent."))
    return redirect("cases:emergency_access_detail", grant_id=grant.pk)


@case_data_view
@with_actor
def emergency_access_list(request, actor):
    own, to_handle = emergency.own_and_to_handle(actor)
    return render(
        request,
        "cases/emergency_access_list.html",
        {
            "own": [(g, emergency.state_label(g)) for g in own],
            "to_handle": [(g, emergency.state_label(g)) for g in to_handle],
        },
    )


@case_data_view
@login_required
def emergency_access_detail(request, grant_id):
    actor = policy.actor_for_request(request)
    grant = emergency.grant_for_actor(actor, grant_id)
    decision_form = review_form = None
    if policy.can_decide_emergency_access(actor, grant) and grant.status == EmergencyStatus.REQUESTED:
        decision_form = forms.EmergencyDecisionForm(request.POST if "decision" in request.POST else None)
        if decision_form.is_bound and decision_form.is_valid():
            approve = decision_form.cleaned_data["decision"] == "approve"
            done = page_action(
                lambda: services.emergency_access_decide(
                    actor=actor, grant_id=grant.pk, approve=approve, note=decision_form.cleaned_data["note"]
                ),
                form=decision_form,
            )
            if done:
                messages.success(
                    request, _("Approved: the officer can open the case now.") if approve else _("Refused.")
                )
                return redirect("cases:emergency_access_detail", grant_id=grant.pk)
    elif policy.can_review_emergency_access(actor, grant) and grant.awaits_review:
        review_form = forms.EmergencyReviewForm(request.POST if "outcome" in request.POST else None)
        if review_form.is_bound and review_form.is_valid():
            done = page_action(
                lambda: services.emergency_access_review(actor=actor, grant_id=grant.pk, **review_form.cleaned_data),
                form=review_form,
            )
            if done:
                messages.success(request, _("Your review has been recorded."))
                return redirect("cases:emergency_access_detail", grant_id=grant.pk)
    if request.method == "POST" and decision_form is None and review_form is None:
        if not policy.can_decide_emergency_access(actor, grant):
            raise errors.Denied
        messages.error(request, _("This request has already been decided or reviewed."))
        return redirect("cases:emergency_access_detail", grant_id=grant.pk)
    return render(
        request,
        "cases/emergency_access_detail.html",
        {
            "grant": grant,
            "state": emergency.state_label(grant),
            "show_justification": emergency.shows_justification(actor, grant),
            "decision_form": decision_form,
            "review_form": review_form,
            "can_open_case": grant.user_id == actor.user.pk and grant.is_live,
        },
    )
