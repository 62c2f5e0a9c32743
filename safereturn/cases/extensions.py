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
