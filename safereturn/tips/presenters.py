"""How tips and register entries are shown: names masked by default, revealed only after an audited action."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from safereturn.access.policy import mask_digits, mask_name


@dataclass
class TipView:
    tip: object
    subject_name: str
    reporter_name: str
    reporter_contact: str
    summary: str
    close_note: str
    revealed: bool


def _hidden(value):
    return _("hidden") if value else ""


def present_tip(tip, *, revealed):
    if revealed:
        return TipView(
            tip=tip,
            subject_name=tip.subject_name,
            reporter_name=tip.reporter_name,
            reporter_contact=tip.reporter_contact,
            summary=tip.summary,
            close_note=tip.close_note,
            revealed=True,
        )
    return TipView(
        tip=tip,
        subject_name=mask_name(tip.subject_name),
        reporter_name=mask_name(tip.reporter_name),
        reporter_contact=mask_digits(tip.reporter_contact),
        summary=_hidden(tip.summary),
        close_note=_hidden(tip.close_note),
        revealed=False,
    )


@dataclass
class RegisterEntryView:
    entry: object
    name: str
    circumstances: str


def present_register_entry(entry):
    """Lists show the masked name only; the full entry is shown on the (audited) edit page."""
    return RegisterEntryView(entry=entry, name=mask_name(entry.full_name), circumstances=_hidden(entry.circumstances))
