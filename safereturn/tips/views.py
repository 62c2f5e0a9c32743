"""Tip and register pages. Thin: the access policy scopes, services change, selectors read."""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import forms, selectors, services
from .presenters import present_register_entry, present_tip

REVEAL_SESSION_KEY = "revealed_tips"
PAGE_SIZE = 25


def _revealed(request, tip):
    until = request.session.get(REVEAL_SESSION_KEY, {}).get(str(tip.pk))
    return bool(until and until > time.time())


def _errors(form):
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# ---- tips -------------------------------------------------------------------------------------


@case_data_view
@with_actor
def tip_list(request, actor):
    form = forms.TipFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    page, query = (None, "")
    if not form.is_bound or form.is_valid():
        page, query = _page(request, selectors.tip_list(actor, filters))
    rows = [present_tip(tip, revealed=False) for tip in page] if page else []
    services.tips_listed(actor=actor, count=len(rows), filters=filters)
    return render(
        request,
        "tips/tip_list.html",
        {"form": form, "page": page, "rows": rows, "query": query, "can_create": policy.can_receive_tip(actor)},
    )


@case_data_view
@with_actor
def tip_create(request, actor):
    if not policy.can_receive_tip(actor):
        raise PermissionDenied
    form = forms.TipForm(request.POST or None, agency=actor.agency)
    if request.method == "POST" and form.is_valid():
        tip = services.tip_register(actor=actor, data=services.tip_data_from_form(form.cleaned_data))
        messages.success(request, _("Tip %(number)s was recorded.") % {"number": tip.number})
        return redirect("tips:detail", tip_id=tip.pk)
    return render(request, "tips/tip_form.html", {"form": form})


@case_data_view
@with_actor
def tip_detail(request, actor, tip_id):
    tip = policy.tip_for_actor(actor, tip_id)
    handles = policy.handles_tip(actor, tip)
    revealed = handles and _revealed(request, tip)
    services.tip_viewed(actor=actor, tip=tip)
    initial = {"version": tip.version}
    context = {
        "tip": tip,
        "view": present_tip(tip, revealed=revealed),
        "revealed": revealed,
        "handles": handles,
        "can_act": handles and tip.is_open,
        "timeline": selectors.tip_timeline(actor, tip)[:50],
        "linked_case_visible": bool(
            tip.linked_case_id and policy.visible_cases(actor).filter(pk=tip.linked_case_id).exists()
        ),
        # Several forms on one page: distinct ids keep labels and error links pointing at the right field.
        "reveal_form": forms.RevealForm(auto_id="reveal_%s"),
        "triage_form": forms.TriageForm(initial={**initial, "priority": tip.priority}, auto_id="triage_%s"),
        "forward_form": forms.ForwardForm(initial=initial, actor=actor, tip=tip, auto_id="forward_%s"),
        "link_form": forms.LinkCaseForm(initial=initial, actor=actor, auto_id="link_%s"),
        "close_form": forms.CloseForm(initial=initial, auto_id="close_%s"),
    }
    return render(request, "tips/tip_detail.html", context)


def _handled_tip(actor, tip_id):
    """A tip the actor may see (else 404) and whose agency holds it (else 403)."""
    tip = policy.tip_for_actor(actor, tip_id)
    if not policy.handles_tip(actor, tip):
        raise PermissionDenied
    return tip


def _apply(request, tip, form, change, success):
    """Run one action on a tip: nothing changes unless the form is valid and nobody changed the tip meanwhile."""
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": _errors(form)})
    else:
        result = page_action(lambda: change(form.cleaned_data))
        if result:
            messages.success(request, success)
        else:
            messages.error(request, result.error)
    return redirect("tips:detail", tip_id=tip.pk)


@case_data_view
@with_actor
@require_POST
def tip_triage(request, actor, tip_id):
    tip = _handled_tip(actor, tip_id)
    return _apply(
        request,
        tip,
        forms.TriageForm(request.POST),
        lambda data: services.tip_triage(
            actor=actor, tip=tip, expected_version=data["version"], priority=data["priority"]
        ),
        _("The tip was triaged."),
    )


@case_data_view
@with_actor
@require_POST
def tip_forward(request, actor, tip_id):
    tip = _handled_tip(actor, tip_id)
    return _apply(
        request,
        tip,
        forms.ForwardForm(request.POST, actor=actor, tip=tip),
        lambda data: services.tip_forward(
            actor=actor, tip=tip, expected_version=data["version"], to_agency=data["to_agency"]
        ),
        _("The tip was forwarded."),
    )


@case_data_view
@with_actor
@require_POST
def tip_link_case(request, actor, tip_id):
    tip = _handled_tip(actor, tip_id)
    return _apply(
        request,
        tip,
        forms.LinkCaseForm(request.POST, actor=actor),
        lambda data: services.tip_link_case(actor=actor, tip=tip, expected_version=data["version"], case=data["case"]),
        _("The tip was linked to the case."),
    )


@case_data_view
@with_actor
@require_POST
def tip_close(request, actor, tip_id):
    tip = _handled_tip(actor, tip_id)
    return _apply(
        request,
        tip,
        forms.CloseForm(request.POST),
        lambda data: services.tip_close(
            actor=actor, tip=tip, expected_version=data["version"], reason=data["reason"], note=data["note"]
        ),
        _("The tip was closed."),
    )


@case_data_view
@with_actor
@require_POST
def tip_reveal(request, actor, tip_id):
    tip = _handled_tip(actor, tip_id)
    form = forms.RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("tips:detail", tip_id=tip.pk)
    services.tip_reveal(actor=actor, tip=tip, reason=form.cleaned_data["reason"])
    revealed = request.session.get(REVEAL_SESSION_KEY, {})
    revealed[str(tip.pk)] = time.time() + policy.REVEAL_MINUTES * 60
    request.session[REVEAL_SESSION_KEY] = revealed
    return redirect("tips:detail", tip_id=tip.pk)


@case_data_view
@with_actor
@require_POST
def tip_hide(request, actor, tip_id):
    revealed = request.session.get(REVEAL_SESSION_KEY, {})
    revealed.pop(str(tip_id), None)
    request.session[REVEAL_SESSION_KEY] = revealed
    return redirect("tips:detail", tip_id=tip_id)


# ---- the commune register ---------------------------------------------------------------------


@case_data_view
@with_actor
def register_list(request, actor):
    form = forms.RegisterFilterForm(request.GET or None, actor=actor)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    page, query = (None, "")
    if not form.is_bound or form.is_valid():
        page, query = _page(request, selectors.register_list(actor, filters))
    rows = [present_register_entry(entry) for entry in page] if page else []
    services.register_listed(
        actor=actor,
        count=len(rows),
        filters={k: (v.pk if k == "commune" else v) for k, v in filters.items()},
    )
    add_url = reverse("tips:register_add")
    if filters.get("commune"):
        add_url += f"?commune={filters['commune'].pk}"
    return render(
        request,
        "tips/register_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query,
            "add_url": add_url,
            "can_keep": policy.register_communes(actor).exists(),
        },
    )


@case_data_view
@with_actor
def register_add(request, actor):
    if not policy.register_communes(actor).exists():
        raise PermissionDenied
    initial = {"commune": request.GET.get("commune")} if request.GET.get("commune") else None
    form = forms.RegisterEntryForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.register_entry_add(actor=actor, data=services.register_data_from_form(form.cleaned_data))
        messages.success(request, _("The person was added to the register."))
        return redirect(reverse("tips:register") + f"?commune={form.cleaned_data['commune'].pk}")
    return render(request, "tips/register_form.html", {"form": form, "entry": None})


@case_data_view
@with_actor
def register_edit(request, actor, entry_id):
    entry = policy.register_entry_for_actor(actor, entry_id)
    if not policy.can_keep_register(actor, entry.commune):
        raise PermissionDenied
    initial = {
        "version": entry.version,
        "category": entry.category,
        "full_name": entry.full_name,
        "birth_year": entry.birth_year,
        "sex": entry.sex,
        "since": entry.since,
        "circumstances": entry.circumstances,
        "status": entry.status,
        "linked_tip_number": entry.linked_tip.number if entry.linked_tip_id else "",
    }
    form = forms.RegisterEntryEditForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "GET":
        services.register_entry_opened_for_edit(actor=actor, entry=entry)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {name: data[name] for name in services.REGISTER_EDITABLE if name in data}
        changes["linked_tip_id"] = data["linked_tip"].pk if data.get("linked_tip") else None
        saved = page_action(
            lambda: services.register_entry_update(actor=actor, entry=entry, expected_version=version, changes=changes),
            form=form,
        )
        if saved:
            messages.success(request, _("The register entry was saved."))
            return redirect(reverse("tips:register") + f"?commune={entry.commune_id}")
    link_form = forms.RegisterLinkCaseForm(initial={"version": entry.version}, actor=actor, auto_id="link_%s")
    return render(request, "tips/register_form.html", {"form": form, "entry": entry, "link_form": link_form})


@case_data_view
@with_actor
@require_POST
def register_link_case(request, actor, entry_id):
    entry = policy.register_entry_for_actor(actor, entry_id)
    if not policy.can_keep_register(actor, entry.commune):
        raise PermissionDenied
    form = forms.RegisterLinkCaseForm(request.POST, actor=actor)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": _errors(form)})
        return redirect("tips:register_edit", entry_id=entry.pk)
    result = page_action(
        lambda: services.register_entry_link_case(
            actor=actor, entry=entry, expected_version=form.cleaned_data["version"], case=form.cleaned_data["case"]
        )
    )
    if not result:
        messages.error(request, result.error)
        return redirect("tips:register_edit", entry_id=entry.pk)
    messages.success(request, _("The register entry was linked to the case."))
    return redirect(reverse("tips:register") + f"?commune={entry.commune_id}")
