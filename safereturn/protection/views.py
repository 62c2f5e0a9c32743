"""Protection pages. Thin: the policy scopes, the services change and validate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.cases import reveal
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import forms, selectors, services


def _case_page(case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#protection")


def _shows_details(request, actor, case):
    """Narratives, names and details: the roles that may read them, under the reveal rule (free text
    about the person may name them)."""
    return policy.can_read_risk_details(actor, case) and reveal.shown_on_page(request, actor, case)


@case_data_view
@with_actor
def assessment_create(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_assess_risk(actor, case):
        raise PermissionDenied
    child = case.age_group == "child"
    form = forms.RiskAssessmentForm(request.POST or None, child=child, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = page_action(
            lambda: services.risk_assess(
                actor=actor,
                case=case,
                level=data["level"],
                codes=data["codes"],
                narrative=data["narrative"],
                assessed_on=data["assessed_on"],
                review_date=data.get("review_date"),
            ),
            form=form,
        )
        if done:
            messages.success(request, _("The risk assessment was recorded."))
            return _case_page(case)
    return render(request, "protection/assessment_form.html", {"case": case, "form": form, "child": child})


@case_data_view
@with_actor
def assessment_detail(request, actor, case_id, assessment_id):
    case = policy.case_for_actor(actor, case_id)
    assessment = selectors.assessment_for_actor(actor, case, assessment_id)
    services.records_viewed(actor=actor, case=case, what=f"risk_assessment:{assessment.pk}")
    return render(
        request,
        "protection/assessment_detail.html",
        {
            "case": case,
            "assessment": assessment,
            "can_read": policy.can_read_risk_details(actor, case),
            "show_text": _shows_details(request, actor, case),
            "can_assess": policy.can_assess_risk(actor, case),
        },
    )


@case_data_view
@with_actor
def measure_create(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_record_measure(actor, case):
        raise PermissionDenied
    form = forms.MeasureForm(
        request.POST or None,
        measure_types=services.measure_types_for(case),
        initial={
            "decided_on": timezone.localdate(),
            "start_date": timezone.localdate(),
            "requested_by_agency": actor.agency.pk,
            "protects": "victim",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = page_action(
            lambda: services.measure_record(
                actor=actor,
                case=case,
                measure_type_id=data["measure_type"].pk,
                protects=data["protects"],
                protected_description=data["protected_description"],
                protected_name=data["protected_name"],
                details=data["details"],
                requested_by_agency_id=data["requested_by_agency"].pk,
                deciding_agency_id=data["deciding_agency"].pk,
                deciding_official=data["deciding_official"],
                decided_on=data["decided_on"],
                start_date=data["start_date"],
                review_date=data.get("review_date"),
                end_date=data.get("end_date"),
            ),
            form=form,
        )
        if done:
            messages.success(request, _("The protection measure was recorded."))
            return _case_page(case)
    return render(request, "protection/measure_form.html", {"case": case, "form": form})


def _measure_page(request, actor, case, measure, *, review_form=None):
    can_change = measure.is_open and policy.can_record_measure(actor, case)
    if can_change and review_form is None:
        review_form = forms.MeasureReviewForm(
            initial={"version": measure.version, "reviewed_on": timezone.localdate(), "outcome": "continue"}
        )
    return render(
        request,
        "protection/measure_detail.html",
        {
            "case": case,
            "measure": measure,
            "reviews": list(selectors.measure_reviews(measure)),
            "form": review_form if can_change else None,
            "can_change": can_change,
            "can_read": policy.can_read_risk_details(actor, case),
            "show_text": _shows_details(request, actor, case),
        },
    )


@case_data_view
@with_actor
def measure_detail(request, actor, case_id, measure_id):
    """A measure, and its review (continue to the next review date, or end)."""
    case = policy.case_for_actor(actor, case_id)
    measure = selectors.measure_for_actor(actor, case, measure_id)
    if request.method != "POST":
        services.records_viewed(actor=actor, case=case, what=f"protection_measure:{measure.pk}")
        return _measure_page(request, actor, case, measure)
    if not policy.can_record_measure(actor, case):
        raise PermissionDenied
    form = forms.MeasureReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = page_action(
            lambda: services.measure_review(
                actor=actor,
                measure=measure,
                expected_version=data["version"],
                reviewed_on=data["reviewed_on"],
                outcome=data["outcome"],
                next_review_date=data.get("next_review_date"),
                note=data["note"],
            ),
            form=form,
        )
        if done:
            messages.success(request, _("The review of the measure was recorded."))
            return _case_page(case)
        if done.error is not None:
            messages.error(request, done.error)
            return redirect("protection:measure", case_id=case.pk, measure_id=measure.pk)
    return _measure_page(request, actor, case, measure, review_form=form)


@case_data_view
@with_actor
def measure_refusal(request, actor, case_id, measure_id):
    """The protected person refuses the measure: recorded with the signed commitment attached."""
    case = policy.case_for_actor(actor, case_id)
    measure = selectors.measure_for_actor(actor, case, measure_id)
    if not policy.can_record_measure(actor, case):
        raise PermissionDenied
    form = forms.MeasureRefusalForm(
        request.POST or None,
        request.FILES or None,
        initial={"version": measure.version, "refused_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = page_action(
            lambda: services.measure_refusal_record(
                actor=actor,
                measure=measure,
                expected_version=data["version"],
                refused_on=data["refused_on"],
                reason=data["refusal_reason"],
                uploaded_file=data.get("commitment"),
            ),
            form=form,
        )
        if done:
            messages.success(request, _("The refusal was recorded with the signed commitment."))
            return _case_page(case)
    return render(request, "protection/refusal_form.html", {"case": case, "measure": measure, "form": form})


@case_data_view
@with_actor
def alert_create(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_raise_alert(actor, case):
        raise PermissionDenied
    form = forms.AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = page_action(
            lambda: services.alert_raise(actor=actor, case=case, description=form.cleaned_data["description"]),
            form=form,
        )
        if done:
            messages.success(
                request, _("The danger alert was sent to the police and border guard of the province at once.")
            )
            return redirect("protection:alert", alert_id=done.value.pk)
    return render(request, "protection/alert_form.html", {"case": case, "form": form})


@case_data_view
@with_actor
def alert_detail(request, actor, alert_id):
    """An alert, for the agencies it reached (and those who may open its case); acknowledged from here."""
    alert = selectors.alert_for_actor(actor, alert_id)
    case = alert.case
    can_acknowledge = alert.is_open and policy.can_acknowledge_alert(actor, alert)
    form = None
    if request.method == "POST":
        if not policy.can_acknowledge_alert(actor, alert):
            raise PermissionDenied
        form = forms.AcknowledgeForm(request.POST)
        if form.is_valid():
            done = page_action(
                lambda: services.alert_acknowledge(
                    actor=actor,
                    alert=alert,
                    expected_version=form.cleaned_data["version"],
                    action_taken=form.cleaned_data["action_taken"],
                ),
                form=form,
            )
            if done:
                messages.success(request, _("The alert was acknowledged; the officer who raised it was told."))
                return redirect("protection:alert", alert_id=alert.pk)
            if done.error is not None:
                messages.error(request, done.error)
                return redirect("protection:alert", alert_id=alert.pk)
    # Every page that shows the alert is a read of case data (a form sent back with errors shows it again).
    services.records_viewed(actor=actor, case=case, what=f"danger_alert:{alert.pk}")
    if can_acknowledge and form is None:
        form = forms.AcknowledgeForm(initial={"version": alert.version})
    return render(
        request,
        "protection/alert_detail.html",
        {
            "case": case,
            "alert": alert,
            "form": form if can_acknowledge else None,
            "shows_text": policy.can_read_alert_text(actor, alert),
            "notified": list(alert.notified_agencies.order_by("name")),
            "escalated": list(alert.escalated_agencies.order_by("name")),
            "opens_case": policy.visible_cases(actor).filter(pk=case.pk).exists(),
        },
    )


@case_data_view
@with_actor
def alerts(request, actor):
    """Open danger alerts sent or escalated to the officer's agency."""
    rows = list(selectors.open_alerts_reaching(actor)[:200])
    if rows:
        services.records_viewed(actor=actor, case=None, what="danger_alerts")
    return render(request, "protection/alerts.html", {"alerts": rows})
