"""Shelter pages. Thin: the policy scopes, services change and validate, selectors read."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases import reveal
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import forms, selectors, services


def _case_page(case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#shelter")


@case_data_view
@with_actor
def facility_list(request, actor):
    """Facilities whose occupancy the officer may see (their own; their province's)."""
    rows = selectors.occupancy(selectors.facilities_for(actor))
    return render(request, "shelters/facility_list.html", {"rows": rows, "own": actor.agency.pk})


@case_data_view
@with_actor
def facility_detail(request, actor, facility_id):
    """Occupancy by group; to the facility's own staff, its current residents (names masked unless revealed)."""
    facility = selectors.facility_for_occupancy(actor, facility_id)
    occupancy = selectors.occupancy([facility])[0]
    residents = []
    if policy.can_see_residents(actor, facility):
        for stay in selectors.residents(facility):
            full_name = stay.case.person.full_name
            shown = reveal.shown_on_page(request, actor, stay.case)
            residents.append({"stay": stay, "name": full_name if shown else policy.mask_name(full_name)})
        record(
            actor,
            AuditAction.VIEW,
            object_type="shelter_residents",
            object_id=facility.pk,
            details={"via": "web", "cases": [str(r["stay"].case_id) for r in residents]},
        )
    return render(
        request,
        "shelters/facility_detail.html",
        {
            "facility": facility,
            "occupancy": occupancy,
            "residents": residents,
            "sees_residents": policy.can_see_residents(actor, facility),
            "can_manage": policy.can_manage_places(actor, facility),
        },
    )


@case_data_view
@with_actor
def places_edit(request, actor, facility_id):
    facility = selectors.facility_for_occupancy(actor, facility_id)
    if not policy.can_manage_places(actor, facility):
        raise errors.Denied
    form = forms.PlacesForm(request.POST or None, rows=selectors.places_rows(facility))
    if request.method == "POST" and form.is_valid():
        done = page_action(
            lambda: services.places_update(actor=actor, facility=facility, changes=form.changes()), form=form
        )
        if done:
            messages.success(request, _("The places were saved."))
            return redirect("shelters:facility", facility_id=facility.pk)
    return render(request, "shelters/places_form.html", {"facility": facility, "form": form})


@case_data_view
@with_actor
def admit(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_admit(actor, case, actor.agency.pk):
        raise errors.Denied
    decisions = selectors.usable_decisions(case, actor.agency.pk).exclude(decided_by_id=actor.user.pk)
    form = forms.AdmitForm(request.POST or None, case=case, decisions=decisions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = data.get("over_capacity_decision")
        done = page_action(
            lambda: services.stay_admit(
                actor=actor,
                case=case,
                group=data["group"],
                admitted_on=data["admitted_on"],
                over_capacity_decision_id=decision.pk if decision else None,
            ),
            form=form,
        )
        if done:
            messages.success(request, _("The admission was recorded."))
            return _case_page(case)
    occupancy = selectors.occupancy([actor.agency])[0]
    return render(request, "shelters/admit_form.html", {"case": case, "form": form, "occupancy": occupancy})


@case_data_view
@with_actor
def over_capacity(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_allow_over_capacity(actor, case, actor.agency.pk):
        raise errors.Denied
    form = forms.OverCapacityForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = page_action(
            lambda: services.over_capacity_allow(actor=actor, case=case, group=data["group"], reason=data["reason"]),
            form=form,
        )
        if done:
            messages.success(request, _("The decision was recorded: another officer may now admit the person."))
            return _case_page(case)
    return render(request, "shelters/over_capacity_form.html", {"case": case, "form": form})


def _stay(actor, case_id, stay_id, allowed):
    case = policy.case_for_actor(actor, case_id)
    stay = services.stay_for_case(case, stay_id)
    if not allowed(actor, case, stay):
        raise errors.Denied
    return case, stay


def _stay_page(request, case, stay, form, template, call, done_message):
    if request.method == "POST" and form.is_valid():
        done = page_action(lambda: call(form.cleaned_data), form=form)
        if done:
            messages.success(request, done_message)
            return _case_page(case)
    return render(request, template, {"case": case, "stay": stay, "form": form})


@case_data_view
@with_actor
def discharge(request, actor, case_id, stay_id):
    case, stay = _stay(actor, case_id, stay_id, policy.can_change_stay)
    form = forms.DischargeForm(request.POST or None, initial={"version": stay.version})
    return _stay_page(
        request,
        case,
        stay,
        form,
        "shelters/discharge_form.html",
        lambda d: services.stay_discharge(
            actor=actor,
            case=case,
            stay=stay,
            discharged_on=d["discharged_on"],
            reason=d["reason"],
            destination=d["destination"],
            expected_version=d["version"],
        ),
        _("The person's leaving was recorded."),
    )


@case_data_view
@with_actor
def transfer(request, actor, case_id, stay_id):
    case, stay = _stay(actor, case_id, stay_id, policy.can_change_stay)
    form = forms.TransferForm(request.POST or None, initial={"version": stay.version}, case=case, stay=stay)
    return _stay_page(
        request,
        case,
        stay,
        form,
        "shelters/transfer_form.html",
        lambda d: services.stay_transfer(
            actor=actor,
            case=case,
            stay=stay,
            to_facility_id=d["to_facility"].pk,
            transferred_on=d["transferred_on"],
            group=d["group"],
            expected_version=d["version"],
        ),
        _("The transfer was recorded."),
    )


@case_data_view
@with_actor
def extend(request, actor, case_id, stay_id):
    case, stay = _stay(actor, case_id, stay_id, policy.can_extend_stay)
    form = forms.ExtendForm(request.POST or None, initial={"version": stay.version})
    return _stay_page(
        request,
        case,
        stay,
        form,
        "shelters/extend_form.html",
        lambda d: services.stay_extend(
            actor=actor,
            case=case,
            stay=stay,
            new_end=d["new_end"],
            decision_number=d["decision_number"],
            decided_on=d["decided_on"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        _("The extension decision was recorded."),
    )
