"""Tiếp nhận in short steps (GOV.UK "question pages" and "check answers"): one page per step of
``forms.IntakeStepsForm.STEPS``, each checked on its own; the answers are kept in the officer's draft
on the server (``services.drafts``) so that a dropped connection loses nothing; saving happens only
on the check-your-answers page, through ``services.intake_record`` after the duplicate check."""

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import duplicates, forms, selectors, services
from .presenters import present_case

CHECK = "check"


def _step_url(number, draft=None, back_to_check=False):
    url = reverse("cases:intake_step", args=[number])
    query = [f"draft={draft.pk}"] if draft is not None else []
    if back_to_check:
        query.append("from=check")
    return url + ("?" + "&".join(query) if query else "")


def _check_url(draft):
    return reverse("cases:intake_check") + f"?draft={draft.pk}"


def _draft(actor, request):
    """The actor's draft named by ``?draft=``, or None when none is named (another's: 404)."""
    draft_id = request.GET.get("draft") or request.POST.get("draft")
    return services.draft_of_owner(actor, draft_id) if draft_id else None


def _answers_from_post(form, names, post):
    """The raw answers of one step as the officer typed them (kept in the draft, re-shown as typed)."""
    answers = {}
    for name in names:
        field = form.fields[name]
        if isinstance(field, django_forms.MultipleChoiceField):
            answers[name] = post.getlist(name)
        elif isinstance(field, django_forms.BooleanField):
            answers[name] = "on" if post.get(name) else ""
        else:
            answers[name] = post.get(name, "").strip()
    return answers


def _refuse_unless_intake(actor):
    if not policy.can_create_case(actor):
        raise PermissionDenied


def start(request, actor):
    """The intake's start page: what the steps are, a button to begin, and the officer's drafts."""
    _refuse_unless_intake(actor)
    steps = forms.IntakeStepsForm.STEPS
    drafts = [
        {
            "draft": draft,
            "updated": date_format(timezone.localtime(draft.updated_at), "d/m/Y H:i"),
            "step": min(draft.step, len(steps)),
            "resume": _check_url(draft) if draft.step > len(steps) else _step_url(draft.step, draft),
        }
        for draft in services.drafts_of(actor)
    ]
    return render(
        request,
        "cases/intake_start.html",
        {"steps": [title for title, _names in steps], "drafts": drafts, "step_count": len(steps)},
    )


@case_data_view
@with_actor
def intake_step(request, actor, step):
    """One step of the intake: shown with the draft's answers; on Continue, this step's answers are
    checked on their own and kept in the draft, then the next step (or the check page) follows."""
    _refuse_unless_intake(actor)
    count = len(forms.IntakeStepsForm.STEPS)
    if not 1 <= step <= count:
        return redirect("cases:intake")
    draft = _draft(actor, request)
    answers = dict(draft.answers) if draft else {}
    back_to_check = request.GET.get("from") == CHECK
    probe = forms.IntakeStepsForm(agency=actor.agency)
    names = probe.step_fields(step)
    errors = []
    if request.method == "POST":
        given = _answers_from_post(probe, names, request.POST)
        form = forms.IntakeStepsForm({**answers, **given}, agency=actor.agency)
        form.is_valid()
        errors = [(form[name], error) for name in names for error in form.errors.get(name, [])]
        if not errors:
            draft = services.draft_save(actor=actor, draft=draft, answers=given, step=step + 1)
            if back_to_check or step == count:
                return redirect(_check_url(draft))
            return redirect(_step_url(step + 1, draft))
    else:
        form = forms.IntakeStepsForm(initial=answers, agency=actor.agency)
    title = forms.IntakeStepsForm.STEPS[step - 1][0]
    if back_to_check and draft is not None:
        back = _check_url(draft)
    elif step > 1:
        back = _step_url(step - 1, draft)
    else:
        back = reverse("cases:intake")
    return render(
        request,
        "cases/intake_step.html",
        {
            "form": form,
            "fields": [form[name] for name in names],
            "errors": errors,
            "title": title,
            "step": step,
            "step_count": count,
            "draft": draft,
            "back": back,
            "action": _step_url(step, draft, back_to_check),
            "shared_by_law": form.shared_by_law if "consent_share_groups" in names else [],
        },
    )


def _shown(form, name):
    """An answer as the check page shows it (the labels of choices, dates as dd/mm/yyyy)."""
    field, value = form.fields[name], form.cleaned_data.get(name)
    if value in (None, "", [], False):
        return ""
    if value is True:
        return _("Yes")
    if hasattr(value, "hour"):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if hasattr(value, "year") and hasattr(value, "day"):
        return date_format(value, "d/m/Y")
    if isinstance(field, django_forms.ModelChoiceField):
        return str(value)
    if isinstance(field, django_forms.ChoiceField):
        labels = dict(field.choices)
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    return str(value)


def _check_rows(form, draft):
    rows = []
    for number, (title, names) in enumerate(form.STEPS, start=1):
        answers = [
            {
                "label": form.fields[name].label,
                "value": _shown(form, name) if form.is_valid() or name not in form.errors else "",
                "errors": form.errors.get(name, []),
            }
            for name in names
        ]
        rows.append({"number": number, "title": title, "answers": answers, "change": _step_url(number, draft, True)})
    return rows


def duplicate_check(actor, data):
    """Likely earlier records of the person on the intake form: those the actor may see, and how many
    are held elsewhere (audited)."""
    found = duplicates.find_candidates(
        full_name=data["full_name"],
        birth_year=data.get("birth_year") or (data["date_of_birth"].year if data.get("date_of_birth") else None),
        id_number=data.get("id_number", ""),
        phone=data.get("phone", ""),
    )
    candidates, hidden = selectors.visible_duplicate_candidates(actor, found)
    services.duplicate_check_recorded(
        actor=actor, shown=len(candidates), hidden=hidden, id_number_given=bool(data.get("id_number"))
    )
    return candidates, hidden


@case_data_view
@with_actor
def intake_check(request, actor):
    """Check your answers: every answer with a link to change it; "Save" records the case (after the
    duplicate check, as the one-page form did) and deletes the draft."""
    _refuse_unless_intake(actor)
    draft = _draft(actor, request)
    if draft is None:
        return redirect("cases:intake")
    decision = {
        k: request.POST[k]
        for k in ("link_to_person", "confirm_new_person", "ask_holding_agency", "new_person_reason")
        if request.method == "POST" and request.POST.get(k)
    }
    form = forms.IntakeStepsForm({**draft.answers, **decision}, agency=actor.agency)
    candidates, hidden_matches, deciding = [], 0, False
    if request.method == "POST" and form.is_valid():
        case, candidates, hidden_matches, deciding = save_as_decided(request, actor, form)
        if case is not None:
            services.draft_discard(actor=actor, draft=draft, reason="saved")
            tell_recorded(request, case)
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/intake_check.html",
        {
            "form": form,
            "draft": draft,
            "rows": _check_rows(form, draft),
            "complete": form.is_valid(),
            "general_errors": form.non_field_errors(),
            "action": _check_url(draft),
            "back": _step_url(len(form.STEPS), draft),
            "candidates": [
                (c, present_case(c.person.cases.order_by("-received_at").first(), revealed=False)) for c in candidates
            ],
            "hidden_matches": hidden_matches,
            # The officer chose "new person" or "ask the holder" and was refused: ask again.
            "deciding": deciding and bool(form.errors),
        },
    )


@case_data_view
@with_actor
def intake_discard(request, actor):
    """Discard one of the officer's drafts (POST), back to the start page."""
    _refuse_unless_intake(actor)
    if request.method == "POST":
        draft = _draft(actor, request)
        if draft is not None:
            services.draft_discard(actor=actor, draft=draft)
            messages.success(request, _("The draft was discarded."))
    return redirect("cases:intake")


def record_decided(request, actor, form, data):
    """Record the intake as the officer decided about possible earlier records: linked or none found,
    a new person with a reason, or asking the agencies that hold them. The case, or None (refused: the
    reason is on the form)."""
    intake_data = services.intake_data_from_form(data)
    if data.get("ask_holding_agency"):
        done = page_action(lambda: services.intake_record_asking_holder(actor=actor, data=intake_data), form=form)
        if done:
            messages.info(
                request,
                _(
                    "The agency holding a possible earlier record was asked to confirm whether it is the same person. "
                    "Until it answers, this case counts as a new person."
                ),
            )
        return done.value[0] if done else None
    if data.get("confirm_new_person"):
        done = page_action(
            lambda: services.intake_record_as_new_person(
                actor=actor, data=intake_data, reason=data.get("new_person_reason", "")
            ),
            form=form,
        )
        return done.value if done else None
    return services.intake_record(actor=actor, data=intake_data)


def save_as_decided(request, actor, form):
    """Save a valid intake form as the officer decided about earlier records: unless they linked the
    person, chose "new person" or asked the holder, the duplicate check runs first (limited per
    officer: past the limit the form says so and nothing is saved) and the case is saved only when it
    finds nothing. Returns ``(case or None, visible candidates, hidden count, deciding)``."""
    data = form.cleaned_data
    link_to = data.get("link_to_person")
    new_person, ask = data.get("confirm_new_person"), data.get("ask_holding_agency")
    candidates, hidden_matches, checked = [], 0, True
    if not (link_to or new_person or ask):
        checked = bool(page_action(lambda: services.duplicate_check_permit(actor=actor), form=form))
        if checked:
            candidates, hidden_matches = duplicate_check(actor, data)
    case = None
    if checked and (link_to or new_person or ask or not (candidates or hidden_matches)):
        case = record_decided(request, actor, form, data)
    return case, candidates, hidden_matches, bool(new_person or ask)


def tell_recorded(request, case):
    """The messages after an intake is saved: the case number, and the lead agency told."""
    messages.success(request, _("Case %(number)s was recorded.") % {"number": case.number})
    lead = selectors.lead_agency_name(case)
    if lead:
        notice = _("%(agency)s, the province's lead agency, was notified and takes part.")
        messages.info(request, notice % {"agency": lead})
