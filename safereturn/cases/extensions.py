"""Panels other apps add to the case page (verification and identification today; protection,
support and referrals to come). An app registers its panel in its ``AppConfig.ready``; the case page
draws every registered panel in order, so ``cases`` imports none of them."""

from dataclasses import dataclass
from typing import Any

from safereturn.core.registry import Registry


@dataclass(frozen=True)
class CasePanel:
    """``template``: a Jinja2 template drawn on the case page with the page's context and ``panel``,
    the dict ``context(actor, case, present=..., revealed=...)`` returns. ``sections``: the panel's
    lists, ``{name: model with a "case" foreign key}``; the page probes each for rows in its one
    statement (``present[name]``), so a panel reads only the lists that have something."""

    template: str
    context: Any
    sections: dict


case_panels = Registry("case page panel")


def panel_sections():
    """Every registered panel's lists, by name."""
    sections = {}
    for panel in case_panels:
        sections.update(panel.sections)
    return sections


@dataclass(frozen=True)
class OpenItem:
    """Something still open on a case that stops it being closed: ``label`` says what it is (no identity
    data), ``url`` where to see it (may be empty), ``source`` the registering app's name."""

    label: str
    url: str = ""
    source: str = ""


# Apps register ``function(case) -> [OpenItem]`` here (support-plan services, follow-up visits, shelter
# stays, ledger items...). Closing a case (``identification.services.case_transition``) consults every
# entry: any open item refuses the close unless a supervisor decides to close anyway, with a reason.
closure_blockers = Registry("closure blocker")


def open_items_blocking_close(case):
    """Every registered blocker's open items for ``case``, in registration order."""
    return [item for blocker in closure_blockers for item in blocker(case)]


@dataclass(frozen=True)
class ReferralSection:
    """A part of a case a referral may open to its recipient agency (``referrals``): ``rows(actor, case)``
    returns ``[(label, value)]`` of plain words, dates and codes' labels: never the person's identity,
    never free text an officer wrote (it may name the person). Registered under the section's code."""

    rows: Any


referral_sections = Registry("referral section")
