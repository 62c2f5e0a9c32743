"""Pages of coordination. Thin: the policy scopes, services change and validate, selectors read.

The directory pages carry no case data (every officer reads them); the meeting pages do (a meeting's
minutes may name a case number), so they go through the policy and every read is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view, not_case_data
from safereturn.core.page_actions import page_action
from safereturn.directory.models import AgencyType
from safereturn.geo.models import Province

from . import forms, selectors, services

PAGE_SIZE = 25


def _directory_actor(request):
    actor = policy.actor_for_request(request)
    if not policy.reads_directory(actor):
        raise errors.Denied
    return actor


def _place(request, actor):
    """The province and commune asked for; by default the officer's own."""
    asked = "province" in request.GET or "commune" in request.GET
    province = selectors.province_or_none(request.GET.get("province")) if asked else None
    commune = selectors.commune_or_none(request.GET.get("commune"), province) if asked else None
    if not asked:
        province = actor.agency.province
        commune = actor.agency.commune
    return province, commune


# ---- the directory ---------------------------------------------------------------------------------


@not_case_data
@login_required
def directory(request):
    """Agencies by province and commune, searchable without accents, with their focal points."""
    actor = _directory_actor(request)
    province, commune = _place(request, actor)
    q = request.GET.get("q", "")[:100]
    agency_type = request.GET.get("type", "")[:50]
    found = selectors.search_agencies(q=q, province=province, commune=commune, agency_type=agency_type)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        {"q": q, "province": province.pk if province else "", "commune": commune.pk if commune else "",
         "type": agency_type}
    )  # fmt: skip
    return render(
        request,
        "coordination/directory.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "province": province,
            "commune": commune,
            "agency_type": agency_type,
            "provinces": Province.objects.order_by("name"),
            "types": AgencyType.objects.order_by("sort_order", "code"),
            "places": selectors.shelter_places(actor, list(page)),
        },
    )


@not_case_data
@login_required
def agency(request, agency_id):
    actor = _directory_actor(request)
    found = selectors.agency_for_directory(agency_id)
    if found is None:
        raise errors.NotFound
    places = selectors.shelter_places(actor, [found])
    return render(request, "coordination/agency.html", {"agency": found, "occupancy": places.get(found.pk)})


@not_case_data
@login_required
def who_to_call(request):
    """For a commune or a province: the police, border guard, health and social department, shelter,
    legal aid, women's union, NGOs... each agency's focal points first."""
    actor = _directory_actor(request)
    province, commune = _place(request, actor)
    if commune is not None and province is None:
        province = commune.province
    sections = selectors.who_to_call(province=province, commune=commune) if province else []
    agencies = [a for _key, _heading, rows in sections for a in rows]
    return render(
        request,
        "coordination/who_to_call.html",
        {
            "sections": sections,
            "province": province,
            "commune": commune,
            "provinces": Province.objects.order_by("name"),
            "communes": province.communes.order_by("name") if province else [],
            "places": selectors.shelter_places(actor, agencies),
        },
    )


# ---- meetings --------------------------------------------------------------------------------------


@case_data_view
@with_actor
def meeting_list(request, actor):
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.meeting_list(actor, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/meeting_list.html",
        {"page": page, "q": q, "query": urlencode({"q": q}), "can_record": policy.can_record_meeting(actor)},
    )


@case_data_view
@with_actor
def meeting_create(request, actor):
    if not policy.can_record_meeting(actor):
        raise errors.Denied
    form = forms.MeetingForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        done = page_action(lambda: services.meeting_record(actor=actor, data=form.data_object()), form=form)
        if done:
            messages.success(request, _("The meeting was recorded. Add its action items below."))
            return redirect("coordination:meeting", meeting_id=done.value.pk)
    return render(request, "coordination/meeting_form.html", {"form": form, "meeting": None})


@case_data_view
@with_actor
def meeting_detail(request, actor, meeting_id):
    meeting = policy.meeting_for_actor(actor, meeting_id)
    services.meeting_viewed(actor, meeting)
    items = [
        {
            "item": item,
            "can_work": policy.can_work_action_item(actor, item),
            "form": forms.ItemStatusForm(initial={"version": item.version}),
        }
        for item in selectors.action_items(meeting)
    ]
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "agencies": meeting.agencies.order_by("name"),
            "cases": services.linked_cases(actor, meeting),
            "can_edit": policy.can_edit_meeting(actor, meeting),
        },
    )


@case_data_view
@with_actor
def meeting_edit(request, actor, meeting_id):
    meeting = policy.meeting_for_actor(actor, meeting_id)
    if not policy.can_edit_meeting(actor, meeting):
        raise errors.Denied
    initial = {
        "version": meeting.version,
        "kind": meeting.kind,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "purpose": meeting.purpose,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "agencies": meeting.agencies.exclude(pk=actor.agency.pk),
        "case_numbers": ", ".join(services.linked_cases(actor, meeting).values_list("number", flat=True)),
    }
    form = forms.MeetingForm(request.POST or None, actor=actor, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = page_action(
            lambda: services.meeting_update(
                actor=actor, meeting=meeting, data=form.data_object(), expected_version=form.cleaned_data["version"]
            ),
            form=form,
        )
        if done:
            messages.success(request, _("The meeting was saved."))
            return redirect("coordination:meeting", meeting_id=meeting.pk)
    return render(request, "coordination/meeting_form.html", {"form": form, "meeting": meeting})


@case_data_view
@with_actor
def item_add(request, actor, meeting_id):
    meeting = policy.meeting_for_actor(actor, meeting_id)
    if not policy.can_edit_meeting(actor, meeting):
        raise errors.Denied
    form = forms.ActionItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = page_action(
            lambda: services.action_item_add(
                actor=actor,
                meeting=meeting,
                description=data["description"],
                owner_agency_id=data["owner_agency"].pk,
                owner_officer_id=data["owner_officer"].pk if data.get("owner_officer") else None,
                due_date=data["due_date"],
            ),
            form=form,
        )
        if done:
            messages.success(request, _("The action item was added."))
            if "another" in request.POST:
                return redirect("coordination:item_add", meeting_id=meeting.pk)
            return redirect("coordination:meeting", meeting_id=meeting.pk)
    return render(request, "coordination/item_form.html", {"form": form, "meeting": meeting})


@case_data_view
@with_actor
def item_status(request, actor, meeting_id, item_id):
    meeting = policy.meeting_for_actor(actor, meeting_id)
    item = services.item_for_meeting(meeting, item_id)
    if not policy.can_work_action_item(actor, item):
        raise errors.Denied
    if request.method != "POST":
        return redirect("coordination:meeting", meeting_id=meeting.pk)
    form = forms.ItemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose done, cancelled or to do."))
        return redirect("coordination:meeting", meeting_id=meeting.pk)
    done = page_action(
        lambda: services.action_item_set_status(
            actor=actor, item=item, status=form.cleaned_data["status"], expected_version=form.cleaned_data["version"]
        )
    )
    if done:
        messages.success(request, _("The action item was updated."))
    else:
        messages.error(request, done.error)
    return redirect(reverse("coordination:meeting", args=[meeting.pk]) + f"#item-{item.pk}")
