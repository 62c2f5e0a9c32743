"""The one reveal rule for every way out of identity data (decision 0024).

Identity data leaves the system through pages, API fields, downloads and prints. Each asks here
whether it is shown: only to an officer who may reveal identity on the case
(``policy.can_reveal_identity``) and who has given a reason through the audited reveal
(``services.identity_reveal``) within the last ``policy.REVEAL_MINUTES``.

- Pages: the reveal is remembered in the session (``remember`` after the audited reveal;
  ``forget`` on "hide"), so an officer can end it early.
- API: there is no session; the audit trail is the record: a reveal event of this officer, in this
  agency and role, on this case, within the window (``selectors.identity_revealed_recently``).

Free text written by officers (notes, evidence descriptions, task findings, decision reasons)
and the contents of documents are treated as identity-bearing: the same rule applies to them.
Where an API field is withheld it carries ``MASKED_TEXT``.
"""

import time

from django.utils.translation import gettext_lazy

from safereturn.access import policy

from . import selectors

SESSION_KEY = "revealed_cases"
MASKED_TEXT = gettext_lazy("[Reveal identity to read this]")


def remember(request, case):
    """After the audited reveal: the page shows identity data of ``case`` for the window."""
    revealed = request.session.get(SESSION_KEY, {})
    revealed[str(case.pk)] = time.time() + policy.REVEAL_MINUTES * 60
    request.session[SESSION_KEY] = revealed


def forget(request, case_id):
    revealed = request.session.get(SESSION_KEY, {})
    revealed.pop(str(case_id), None)
    request.session[SESSION_KEY] = revealed


def _in_session(request, case):
    until = request.session.get(SESSION_KEY, {}).get(str(case.pk))
    return bool(until and until > time.time())


def shown_on_page(request, actor, case):
    """May a page (or a download or print from one) show identity data of ``case`` now?"""
    # The session first: the policy reads the case's participations, and most cases were not revealed.
    return _in_session(request, case) and policy.can_reveal_identity(actor, case)


def shown_in_api(actor, case):
    """May an API answer carry identity data of ``case`` now? Only after ``POST …/reveal/``."""
    return policy.can_reveal_identity(actor, case) and selectors.identity_revealed_recently(actor, case)


def text_or_mask(text, shown):
    """Officers' free text for the API: itself when shown, else the placeholder (nothing if empty)."""
    if shown or not text:
        return text
    return str(MASKED_TEXT)
