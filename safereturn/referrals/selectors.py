"""Reads of referrals: a case's, an agency's inbox and outbox, the work queue, and the sections a
recipient reads (each drawn by the app that owns it, ``cases.extensions.referral_sections``)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from safereturn.access import policy
from safereturn.cases.extensions import OpenItem, referral_sections
from safereturn.cases.vocab import ExploitationForm, decode_codes
from safereturn.core.display import date_text
from safereturn.support import selectors as support_selectors

from . import vocab
from .models import Referral

LIST_LIMIT = 200


def case_referrals(case):
    return Referral.objects.filter(case_id=case.pk).select_related("recipient_agency", "sending_agency")


def inbox(actor):
    """The referrals the actor's agency receives now (sent or accepted), due first."""
    return (
        policy.referrals_received(actor)
        .select_related("case", "sending_agency")
        .order_by("status", "due_date", "pk")[:LIST_LIMIT]
    )


def outbox(actor):
    """The referrals the actor's agency sent, on cases it may still open, newest first."""
    if not policy.works_with_cases(actor):
        return Referral.objects.none()
    return (
        Referral.objects.filter(sending_agency_id=actor.agency.pk, case__in=policy.visible_cases(actor))
        .select_related("case", "recipient_agency")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )


def section_rows(actor, referral):
    """``[(code, label, rows)]``: what the recipient reads, section by section, as plain rows."""
    shown = []
    for code in policy.readable_sections(actor, referral):
        section = referral_sections.get(code)
        if section is None:
            continue
        shown.append((code, vocab.Section(code).label, section.rows(actor, referral.case)))
    return shown


# ---- work queue --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """A referral to answer (or, accepted, to complete) in the recipient agency's work queue."""

    due_date: object
    case_number: str
    label: str
    url: str

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return format_html(
            '<a href="{}">{}</a> · {} · {}', self.url, self.case_number, self.label, self.due_date.strftime("%d/%m/%Y")
        )


def queue_items(actor, scope="officer"):
    """Referrals the actor's agency is to answer, by their due date (the whole agency's: a referral is
    addressed to the agency, not to one officer)."""
    if actor is None or actor.role not in policy.REFERRAL_ANSWERING_ROLES:
        return []
    waiting = policy.referrals_received(actor).filter(status=vocab.ReferralStatus.SENT).select_related("case")
    return [
        QueueItem(
            referral.due_date,
            referral.case.number,
            gettext("Referral to answer: %(kind)s") % {"kind": vocab.ReferralKind(referral.kind).label},
            reverse("referrals:detail", args=[referral.pk]),
        )
        for referral in waiting.order_by("due_date", "pk")[:LIST_LIMIT]
    ]


# ---- the sections referrals draw themselves ------------------------------------------------------------


def basic_rows(actor, case):
    """What a recipient needs to know of any case, without a name: number, dates, age group, sex, where
    the person lives (province), how she or he came, the forms of exploitation."""
    from_codes = case.exploitation_forms
    rows = [
        (gettext("Case number"), case.number),
        (gettext("Received on"), date_text(case.received_at)),
        (gettext("Age group"), case.get_age_group_display()),
        (gettext("Sex"), case.get_person_sex_display()),
        (gettext("Intake channel"), case.get_channel_display()),
        (gettext("Risk at intake"), case.get_risk_level_display()),
    ]
    home = case.person.home_province
    if home is not None:
        rows.append((gettext("Home province"), home.name))
    if from_codes:
        rows.append(
            (
                gettext("Forms of exploitation"),
                ", ".join(str(dict(ExploitationForm.choices).get(code, code)) for code in decode_codes(from_codes)),
            )
        )
    return rows


def support_rows(actor, case):
    """The support given: each item, its dates and its status (amounts and items, never identity)."""
    return [
        (
            record.item.name,
            f"{date_text(record.date_from)}–{date_text(record.date_to)} · {record.get_status_display()}",
        )
        for record in support_selectors.case_records(case)
    ]


def closure_blockers(case):
    """A referral sent or accepted stops the case being closed (unless a supervisor decides): the sender
    completes or revokes it first, so the recipient's reach ends with a recorded step."""
    return [
        OpenItem(
            gettext("Referral to %(agency)s: %(status)s")
            % {"agency": referral.recipient_agency.name, "status": vocab.ReferralStatus(referral.status).label},
            reverse("referrals:detail", args=[referral.pk]),
            "referrals",
        )
        for referral in case_referrals(case).filter(status__in=vocab.ACTIVE_STATUSES)
    ]
