"""Pages of needs, support plans, escorts, returns and follow-up. Thin: the policy scopes, services
change and validate, forms parse."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.cases import reveal
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import forms, selectors, services, vocab


def _case_page(case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#reintegration")


def _allowed(actor, case):
    if not policy.can_work_support(actor, case):
        raise PermissionDenied


def _form_page(request, case, form, title, intro=""):
    return render(request, "reintegration/form_page.html", {"case": case, "form": form, "title": title, "intro": intro})


def _create(request, actor, case, form, call, done, title, intro=""):
    """A form page that records one thing: the form again with its errors, or back to the case."""
    if request.method == "POST" and form.is_valid():
        made = page_action(lambda: call(form.cleaned_data), form=form)
        if made:
            messages.success(request, done)
            return _case_page(case)
    return _form_page(request, case, form, title, intro)


def _opened(actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    _allowed(actor, case)
    return case


@case_data_view
@with_actor
def needs_create(request, actor, case_id):
    case = _opened(actor, case_id)
    readable = policy.readable_need_domains(actor)
    form = forms.NeedsAssessmentForm(
        request.POST or None, readable=readable, initial={"assessed_on": timezone.localdate()}
    )

    def call(data):
        answers = {key: value for key, value in data.items() if key not in ("assessed_on", "wishes")}
        return services.needs_assess(
            actor=actor, case=case, assessed_on=data["assessed_on"], wishes=data["wishes"], answers=answers
        )

    intro = ""
    if readable != frozenset(vocab.NEED_DOMAINS):
        intro = _("Health and the psychological state are assessed by health and social-support staff.")
    return _create(request, actor, case, form, call, _("The needs assessment was recorded."), _("Assess needs"), intro)


@case_data_view
@with_actor
def needs_detail(request, actor, case_id, assessment_id):
    case = policy.case_for_actor(actor, case_id)
    assessment = selectors.one_of(selectors.case_needs(case), assessment_id)
    services.records_viewed(actor=actor, case=case, what=f"needs_assessment:{assessment.pk}")
    readable = policy.readable_need_domains(actor)
    rows = []
    for domain in vocab.NEED_DOMAINS:
        if domain not in readable:
            continue
        rows.append(
            {
                "domain": domain,
                "label": assessment._meta.get_field(domain).verbose_name,
                "level": getattr(assessment, f"get_{domain}_display")(),
                "notes": getattr(assessment, f"{domain}_notes"),
            }
        )
    return render(
        request,
        "reintegration/needs_detail.html",
        {
            "case": case,
            "assessment": assessment,
            "rows": rows,
            "restricted_hidden": len(readable) < len(vocab.NEED_DOMAINS),
            "show_text": reveal.shown_on_page(request, actor, case),
        },
    )


@case_data_view
@with_actor
def plan_create(request, actor, case_id):
    case = _opened(actor, case_id)
    form = forms.SupportPlanForm(
        request.POST or None, case=case, initial={"starts_on": timezone.localdate(), "owner_agency": actor.agency.pk}
    )

    def call(data):
        return services.plan_create(
            actor=actor,
            case=case,
            goals=data["goals"],
            starts_on=data["starts_on"],
            owner_agency_id=data["owner_agency"].pk,
            owner_officer_id=data["owner_officer"].pk if data.get("owner_officer") else None,
            person_agreed=data["person_agreed"],
            agreed_on=data.get("agreed_on"),
            child_wishes_heard_on=data.get("child_wishes_heard_on"),
            child_wishes=data.get("child_wishes", ""),
            child_plan=data.get("child_plan", ""),
            needs_assessment_id=selectors.case_needs(case).values_list("pk", flat=True).first(),
        )

    return _create(request, actor, case, form, call, _("The support plan was recorded."), _("Individual support plan"))


@case_data_view
@with_actor
def plan_detail(request, actor, case_id, plan_id):
    case = policy.case_for_actor(actor, case_id)
    plan = selectors.one_of(selectors.case_plans(case), plan_id)
    services.records_viewed(actor=actor, case=case, what=f"support_plan:{plan.pk}")
    can_work = policy.can_work_support(actor, case)
    rows = list(selectors.plan_services(plan))
    for row in rows:
        row.can_update = row.is_open and policy.can_update_planned_service(actor, row)
    return render(
        request,
        "reintegration/plan_detail.html",
        {
            "case": case,
            "plan": plan,
            "services": rows,
            "reviews": plan.reviews.select_related("agency").all(),
            "can_work": can_work and plan.status == vocab.PlanStatus.ACTIVE,
            "show_text": reveal.shown_on_page(request, actor, case),
            "status_choices": vocab.ServiceStatus.choices,
        },
    )


@case_data_view
@with_actor
def plan_review(request, actor, case_id, plan_id):
    case = _opened(actor, case_id)
    plan = selectors.one_of(selectors.case_plans(case), plan_id)
    plan.case = case
    form = forms.PlanReviewForm(
        request.POST or None, initial={"version": plan.version, "reviewed_on": timezone.localdate(), "status": "active"}
    )

    def call(data):
        return services.plan_review(
            actor=actor,
            plan=plan,
            reviewed_on=data["reviewed_on"],
            notes=data["notes"],
            status=data["status"],
            expected_version=data["version"],
        )

    return _create(request, actor, case, form, call, _("The review was recorded."), _("Review the support plan"))


@case_data_view
@with_actor
def plan_close(request, actor, case_id, plan_id):
    case = _opened(actor, case_id)
    plan = selectors.one_of(selectors.case_plans(case), plan_id)
    plan.case = case
    if plan.status != vocab.PlanStatus.ACTIVE:
        messages.error(request, _("This plan is no longer in progress."))
        return redirect("reintegration:plan", case_id=case.pk, plan_id=plan.pk)
    form = forms.PlanCloseForm(
        request.POST or None, initial={"version": plan.version, "closed_on": timezone.localdate()}
    )

    def call(data):
        return services.plan_close(
            actor=actor,
            plan=plan,
            outcome=data["outcome"],
            closed_on=data["closed_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    intro = _(
        "A plan is completed when every planned service is done or cancelled. Cancelling the plan cancels its "
        "services that are not done."
    )
    return _create(
        request, actor, case, form, call, _("The support plan was closed."), _("Complete or cancel the plan"), intro
    )


@case_data_view
@with_actor
def service_add(request, actor, case_id, plan_id):
    case = _opened(actor, case_id)
    plan = selectors.one_of(selectors.case_plans(case), plan_id)
    plan.case = case
    form = forms.PlannedServiceForm(request.POST or None, case=case, initial={"owner_agency": actor.agency.pk})

    def call(data):
        return services.service_add(
            actor=actor,
            plan=plan,
            service_type=data["service_type"],
            target_date=data["target_date"],
            owner_agency_id=data["owner_agency"].pk,
            owner_officer_id=data["owner_officer"].pk if data.get("owner_officer") else None,
            details=data.get("details", ""),
        )

    return _create(request, actor, case, form, call, _("The service was added to the plan."), _("Plan a service"))


@case_data_view
@with_actor
@require_POST
def service_status(request, actor, case_id, service_id):
    case = policy.case_for_actor(actor, case_id)
    service = selectors.one_of(selectors.case_services(case), service_id)
    service.case = case
    if not policy.can_update_planned_service(actor, service):
        raise PermissionDenied
    form = forms.ServiceStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the status of the service."))
    else:
        done = page_action(
            lambda: services.service_set_status(
                actor=actor,
                service=service,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        )
        if done:
            messages.success(request, _("The service status was changed."))
        else:
            messages.error(request, done.error)
    return redirect("reintegration:plan", case_id=case.pk, plan_id=service.plan_id)


@case_data_view
@with_actor
def escort_create(request, actor, case_id):
    case = _opened(actor, case_id)
    if case.age_group != "child":
        messages.error(request, _("An escort is recorded for a child only."))
        return _case_page(case)
    form = forms.EscortForm(request.POST or None, case=case, initial={"escorted_on": timezone.localdate()})

    def call(data):
        return services.escort_record(
            actor=actor,
            case=case,
            escorted_on=data["escorted_on"],
            destination=data["destination"],
            receiver_name=data["receiver_name"],
            receiver_relationship=data["receiver_relationship"],
            receiver_id_checked=data["receiver_id_checked"] == "yes",
            receiving_organisation_id=data["receiving_organisation"].pk if data.get("receiving_organisation") else None,
            notes=data.get("notes", ""),
            return_home=data.get("return_home", False),
            follow_up_agency_id=data["follow_up_agency"].pk if data.get("follow_up_agency") else None,
        )

    return _create(request, actor, case, form, call, _("The escort was recorded."), _("Escort of the child"))


@case_data_view
@with_actor
def family_contact_create(request, actor, case_id):
    case = _opened(actor, case_id)
    form = forms.FamilyContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})

    def call(data):
        return services.family_contact_record(actor=actor, case=case, **data)

    return _create(
        request,
        actor,
        case,
        form,
        call,
        _("The contact with the family was recorded."),
        _("Family contacted before return"),
    )


@case_data_view
@with_actor
def return_create(request, actor, case_id):
    case = _opened(actor, case_id)
    form = forms.ReturnForm(
        request.POST or None,
        case=case,
        initial={"returned_on": timezone.localdate(), "follow_up_agency": actor.agency.pk},
    )

    def call(data):
        return services.return_record(
            actor=actor,
            case=case,
            returned_on=data["returned_on"],
            place=data["place"],
            follow_up_agency_id=data["follow_up_agency"].pk,
        )

    intro = _("Follow-up visits are scheduled after the return as the rule table says (by default 1, 3 and 6 months).")
    return _create(
        request, actor, case, form, call, _("The return was recorded and the first follow-up visit scheduled."),
        _("Return to the community"), intro,
    )  # fmt: skip


@case_data_view
@with_actor
def visit(request, actor, case_id, visit_id):
    case = policy.case_for_actor(actor, case_id)
    record = selectors.one_of(selectors.case_visits(case).select_related("community_return"), visit_id)
    record.case = case
    can_record = record.status == vocab.VisitStatus.SCHEDULED and policy.can_work_support(actor, case)
    form = forms.FollowUpForm(
        request.POST or None, initial={"version": record.version, "visited_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not policy.can_work_support(actor, case):
            raise PermissionDenied
        if not can_record:
            messages.error(request, _("This visit has already been recorded."))
            return redirect("reintegration:visit", case_id=case.pk, visit_id=record.pk)
        if form.is_valid():
            data = form.cleaned_data
            done = page_action(
                lambda: services.follow_up_record(
                    actor=actor,
                    visit=record,
                    status=data["status"],
                    visited_on=data.get("visited_on"),
                    findings=data["findings"],
                    organisation=data.get("organisation", ""),
                    expected_version=data["version"],
                ),
                form=form,
            )
            if done:
                messages.success(request, _("The visit was recorded."))
                return _case_page(case)
    else:
        services.records_viewed(actor=actor, case=case, what=f"follow_up_visit:{record.pk}")
    return render(
        request,
        "reintegration/visit.html",
        {
            "case": case,
            "visit": record,
            "form": form if can_record else None,
            "show_text": reveal.shown_on_page(request, actor, case),
        },
    )


@case_data_view
@with_actor
def assessment_create(request, actor, case_id):
    case = _opened(actor, case_id)
    readable = policy.readable_reintegration_domains(actor)
    form = forms.ReintegrationAssessmentForm(
        request.POST or None, readable=readable, initial={"assessed_on": timezone.localdate()}
    )

    def call(data):
        return services.reintegration_assess(
            actor=actor,
            case=case,
            assessed_on=data["assessed_on"],
            scores={domain: data.get(domain) for domain in vocab.REINTEGRATION_DOMAINS},
            level=data["level"],
            recommendation=data["recommendation"],
            notes=data.get("notes", ""),
        )

    intro = ""
    if readable != frozenset(vocab.REINTEGRATION_DOMAINS):
        intro = _("The health score is given by health and social-support staff.")
    return _create(
        request,
        actor,
        case,
        form,
        call,
        _("The reintegration assessment was recorded."),
        _("Reintegration assessment"),
        intro,
    )


@case_data_view
@with_actor
def retrafficking_create(request, actor, case_id):
    case = _opened(actor, case_id)
    form = forms.RetraffickingForm(request.POST or None, initial={"flagged_on": timezone.localdate()})

    def call(data):
        return services.retrafficking_flag(actor=actor, case=case, **data)

    intro = _("The person was trafficked again: link the new case. Both cases show the link.")
    return _create(request, actor, case, form, call, _("The cases were linked."), _("Re-trafficking"), intro)
