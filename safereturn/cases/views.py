"""Case pages. Thin: the access policy scopes, services change, selectors read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action
from safereturn.directory.models import Agency

from . import case_page, documents, forms, intake_views, list_page, reveal, selectors, services, vocab
from .extensions import case_panels
from .presenters import present_case


@case_data_view
@with_actor
def case_list(request, actor):
    """The actor's cases, filtered (Jinja2, like the case page: the list is opened almost as often)."""
    form = forms.CaseListFilterForm(request.GET or None, province_id=actor.agency.province_id)
    agencies = Agency.objects.filter(province_id=actor.agency.province_id) if actor.agency.province_id else None
    form.fields["receiving_agency_id"].queryset = agencies if agencies is not None else Agency.objects.all()
    filters, sort = {}, "-received"
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") and k != "sort"}
        sort = form.cleaned_data.get("sort") or sort
    page = Paginator(selectors.case_list(actor, filters, sort), 25).get_page(request.GET.get("page")) if valid else None
    rows = list_page.case_rows(page) if page else []
    services.cases_listed(actor=actor, count=len(rows), filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    agency_choices = form.fields["receiving_agency_id"].queryset.order_by("name").values_list("pk", "name")
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "filters": list_page.filter_fields(form, agency_choices),
            "errors": {"general": form.non_field_errors()} if form.is_bound and form.errors else None,
            "page": page,
            "rows": rows,
            "count_text": list_page.count_text(page.paginator.count) if page is not None else "",
            "query": query.urlencode(),
            "sort": sort,
            "can_create": policy.can_create_case(actor),
        },
        using="jinja2",
    )


CASE_PAGE_RELATED = (
    "person",
    "person__home_commune",
    "person__home_province",
    "receiving_agency",
    "commune",
    "province",
)


def _other_cases(actor, case, timeline):
    """For a case linked to an earlier record of its person (its timeline says so), the person's other
    cases the officer may open; other cases read nothing more."""
    if not any(row["code"] in LINK_EVENTS for row in timeline):
        return []
    return list(
        policy.visible_cases(actor)
        .filter(person_id=case.person_id)
        .exclude(pk=case.pk)
        .only("pk", "number", "received_at", "status")
        .order_by("-received_at")[:20]
    )


LINK_EVENTS = (vocab.EventKind.PERSON_LINKED, vocab.EventKind.MATCH_CONFIRMED)


@case_data_view
@with_actor
def case_detail(request, actor, case_id):
    """The case page (Jinja2: the page opened most). Queries: the case (the policy's scope, with what
    it shows of related rows), its participants (which also answer the policy's participation checks),
    timeline and consents with which other lists have rows, the audit event, then each of those lists
    that has rows."""
    case = policy.case_for_actor(actor, case_id, related=CASE_PAGE_RELATED)
    lists = case_page.case_lists(actor, case)
    present = lists.present
    services.case_viewed(actor=actor, case=case)
    can_reveal = policy.can_reveal_identity(actor, case)
    revealed = reveal.shown_on_page(request, actor, case)
    can_edit = policy.can_edit_case(actor, case)
    context = {
        "actor": actor,
        "case": case,
        "urls": case_page.case_urls(case),
        "received": case_page.datetime_text(case.received_at),
        "view": present_case(case, revealed=revealed),
        "revealed": revealed,
        "can_reveal": can_reveal,
        "can_edit": can_edit,
        "timeline": lists.timeline,
        "notes": case_page.note_rows(actor, case, revealed=revealed) if present["notes"] else [],
        "note_form": case_page.empty_form_html(forms.NoteForm, categories=policy.readable_note_categories(actor))
        if can_edit
        else "",
        "reveal_form": case_page.empty_form_html(forms.RevealForm) if can_reveal and not revealed else "",
        "consents": lists.consents,
        "participants": lists.participants,
        "documents": case_page.document_rows(case, revealed=revealed) if present["documents"] else [],
        "document_form": case_page.empty_form_html(forms.DocumentForm) if can_edit else "",
        "break_glass": not policy.participates(actor, case) and policy.has_break_glass(actor, case),
        "other_cases": _other_cases(actor, case, lists.timeline),
        "panels": [
            (panel.template, panel.context(actor, case, present=present, revealed=revealed)) for panel in case_panels
        ],
    }
    return render(request, "cases/case_detail.html", context, using="jinja2")


@case_data_view
@with_actor
@require_POST
def case_reveal(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    form = forms.RevealForm(request.POST)
    if not policy.can_reveal_identity(actor, case):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect("cases:detail", case_id=case.pk)
    services.identity_reveal(actor=actor, case=case, reason=form.cleaned_data["reason"])
    reveal.remember(request, case)
    return redirect("cases:detail", case_id=case.pk)


@case_data_view
@with_actor
@require_POST
def case_hide(request, actor, case_id):
    reveal.forget(request, case_id)
    return redirect("cases:detail", case_id=case_id)


@case_data_view
@with_actor
@require_POST
def note_add(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    form = forms.NoteForm(request.POST, categories=policy.readable_note_categories(actor))
    if not policy.can_edit_case(actor, case):
        raise PermissionDenied
    if form.is_valid():
        services.note_add(actor=actor, case=case, **form.cleaned_data)
        messages.success(request, _("The note was saved."))
    else:
        messages.error(
            request,
            _("The note was not saved: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
    return redirect(reverse("cases:detail", args=[case.pk]) + "#notes")


@case_data_view
@with_actor
def case_edit(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_edit_case(actor, case):
        raise PermissionDenied
    initial = {
        "version": case.version,
        "route": case.route,
        "destination_country": case.destination_country,
        "exploitation_forms": case.exploitation_list,
        "risk_level": case.risk_level,
        "reception_place": case.reception_place,
    }
    form = forms.CaseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data["exploitation_forms"] = vocab.encode_codes(data["exploitation_forms"])
        if page_action(
            lambda: services.case_update(actor=actor, case=case, expected_version=version, changes=data), form=form
        ):
            messages.success(request, _("The case was saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_edit.html", {"case": case, "form": form})


@case_data_view
@with_actor
def intake(request, actor):
    """Tiếp nhận: one page in steps; before saving, show likely earlier records of the person."""
    if not policy.can_create_case(actor):
        raise PermissionDenied
    if request.method != "POST":
        # The officer's way in: the intake in steps (``intake_views``), and the drafts to resume. A whole
        # intake posted here at once is still checked and saved below (scripts, older clients).
        return intake_views.start(request, actor)
    form = forms.IntakeForm(request.POST, agency=actor.agency)
    candidates, hidden_matches, deciding = [], 0, False
    if form.is_valid():
        case, candidates, hidden_matches, deciding = intake_views.save_as_decided(request, actor, form)
        if case is not None:
            intake_views.tell_recorded(request, case)
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "candidates": [
                (c, present_case(c.person.cases.order_by("-received_at").first(), revealed=False)) for c in candidates
            ],
            "hidden_matches": hidden_matches,
            # The officer chose "new person" or "ask the holder" and was refused: ask again.
            "deciding": deciding and form.errors,
        },
    )


@case_data_view
@with_actor
def document_add(request, actor, case_id):
    """Add a document to a case (the case page carries the same form); refused input stores nothing."""
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_edit_case(actor, case):
        raise PermissionDenied
    form = forms.DocumentForm(request.POST, request.FILES) if request.method == "POST" else forms.DocumentForm()
    if request.method == "POST" and form.is_valid():
        added = page_action(
            lambda: services.document_add(
                actor=actor, case=case, kind=form.cleaned_data["kind"], uploaded_file=form.cleaned_data["file"]
            ),
            form=form,
        )
        if added:
            messages.success(request, _("The document was added."))
            return redirect(reverse("cases:detail", args=[case.pk]) + "#documents")
    return render(request, "cases/document_add.html", {"case": case, "form": form})


@case_data_view
@with_actor
def document_download(request, actor, case_id, document_id):
    """Decrypt and send one document as an attachment under a neutral name; recorded as an export.
    Documents carry identity: the reveal rule applies (``cases.reveal``). An officer who may reveal
    but has not is sent to the case page to give a reason first."""

    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    case = policy.case_for_actor(actor, case_id)
    try:
        document, data, filename = services.document_open(
            actor=actor, case=case, document_id=document_id, revealed=reveal.shown_on_page(request, actor, case)
        )
    except services.RevealNeeded as exc:
        messages.error(request, exc.message)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#identity")
    return documents.attachment_response(document, data, filename)
