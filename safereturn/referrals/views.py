"""Pages of referrals. Thin: the policy scopes (a referral opens to whoever may open its case, and to its
recipient's officers while it is active), services change and validate, forms parse."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereturn.access import policy
from safereturn.access.pages import with_actor
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view
from safereturn.core.page_actions import page_action

from . import forms, selectors, services, vocab

DONE = {
    vocab.Action.SEND: _("The referral was sent. The recipient agency was told."),
    vocab.Action.ACCEPT: _("Your agency accepted the referral."),
    vocab.Action.DECLINE: _("Your agency declined the referral. It no longer sees this case."),
    vocab.Action.COMPLETE: _("The referral is completed. Your agency no longer sees this case."),
    vocab.Action.REVOKE: _("The referral was revoked. The recipient agency no longer sees this case."),
}


@case_data_view
@with_actor
def referral_list(request, actor):
    """The agency's referrals: those it receives now, and those it sent."""
    received, sent = list(selectors.inbox(actor)), list(selectors.outbox(actor))
    services.referrals_listed(actor=actor, count=len(received) + len(sent))
    return render(request, "referrals/list.html", {"received": received, "sent": sent})


@case_data_view
@with_actor
def referral_create(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id, related=("person",))
    if not policy.can_refer(actor, case):
        raise errors.Denied
    form = forms.ReferralForm(request.POST if request.method == "POST" else None, case=case, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = page_action(
            lambda: services.referral_draft(
                actor=actor,
                case=case,
                kind=data["kind"],
                recipient_agency_id=data["recipient_agency"].pk,
                sections=data["sections"],
                wish=data["wish"],
                wish_followed=data["wish_followed"] == "yes",
                wish_not_followed=data["wish_not_followed"],
                legal_exception=data["legal_exception"].pk if data["legal_exception"] else None,
            ),
            form=form,
        )
        if made:
            messages.success(request, _("The referral was saved as a draft. Check it, then send it."))
            return redirect("referrals:detail", made.value.pk)
    return render(request, "referrals/form.html", {"case": case, "form": form})


def _detail_context(request, actor, referral):
    case = referral.case
    receives = policy.receives(actor, referral)
    sections = selectors.section_rows(actor, referral) if receives else []
    sender = policy.can_act_as_sender(actor, referral, case)
    actions = []
    for (action, source), (_target, who) in vocab.TRANSITIONS.items():
        if source != referral.status or action == vocab.Action.DECLINE:
            continue
        if (who == "sender" and sender) or (who == "recipient" and policy.can_answer_referral(actor, referral)):
            actions.append((action, vocab.Action(action).label))
    can_decline = referral.status == vocab.ReferralStatus.SENT and policy.can_answer_referral(actor, referral)
    return {
        "referral": referral,
        "case": case,
        "receives": receives,
        "sections": sections,
        "actions": actions,
        "decline_form": forms.DeclineForm(initial={"version": referral.version}) if can_decline else None,
        # The sender's side may open the case; the recipient reaches only this page.
        "case_link": not receives or policy.participates(actor, case),
    }


@case_data_view
@with_actor
def referral_detail(request, actor, referral_id):
    referral = policy.referral_for_actor(actor, referral_id)
    context = _detail_context(request, actor, referral)
    services.referral_viewed(actor=actor, referral=referral, sections=[code for code, _l, _r in context["sections"]])
    return render(request, "referrals/detail.html", context)


@require_POST
@case_data_view
@with_actor
def referral_act(request, actor, referral_id):
    referral = policy.referral_for_actor(actor, referral_id)
    action = request.POST.get("action", "")
    form = forms.DeclineForm(request.POST) if action == vocab.Action.DECLINE else None
    version = request.POST.get("version")
    result = page_action(
        lambda: services.referral_act(
            actor=actor,
            referral=referral,
            action=action,
            expected_version=int(version) if str(version or "").isdigit() and len(str(version)) < 10 else -1,
            decline_reason=request.POST.get("decline_reason", ""),
            decline_note=request.POST.get("decline_note", ""),
        ),
        form=form,
    )
    if result:
        messages.success(request, DONE[action])
        referral.refresh_from_db()
        if policy.receives(actor, referral) or policy.visible_cases(actor).filter(pk=referral.case_id).exists():
            return redirect("referrals:detail", referral.pk)
        return redirect("referrals:list")
    if form is not None and form.errors:
        context = _detail_context(request, actor, referral)
        context["decline_form"] = form
        return render(request, "referrals/detail.html", context, status=200)
    messages.error(request, result.error)
    return redirect(reverse("referrals:detail", args=[referral.pk]))
