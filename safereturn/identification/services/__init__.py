"""Verification, evidence, identification decisions and case status transitions.

Each business action is one transaction that writes the timeline and the audit trail
(``audit.timeline.record``). Status transitions update the case only if it still has the status and
version the caller saw, so two concurrent transitions cannot both succeed. Bad input raises
``ValidationError`` with field messages and changes nothing; refusals are the platform's error
vocabulary (``core.errors``: ``Denied``, ``Conflict``, ``StateError``).

Timeline events have their own kinds (``vocab.TimelineKind``); access follows the case's
``participant_added/ended``. Event data holds ids and codes, never identity data.
"""

from .deadlines import REMIND_DAYS_BEFORE, SYSTEM_ACTOR, deadline_sweep
from .decisions import (
    decision_document_context,
    document_symbol,
    identification_decide,
    next_document_number,
    record_print,
    return_certificate_issue,
)
from .evidence import evidence_add
from .reads import records_viewed
from .tasks import (
    verification_task_cancel,
    verification_task_change_due_date,
    verification_task_complete,
    verification_task_create,
    verification_task_start,
)
from .transitions import (
    DECISION_TRANSITIONS,
    MANUAL_TRANSITIONS,
    OUTCOME_STATUSES,
    TRANSITIONS,
    Transition,
    allowed_transitions,
    case_transition,
    open_tasks_of,
    rules_date,
)

__all__ = [
    "DECISION_TRANSITIONS",
    "MANUAL_TRANSITIONS",
    "OUTCOME_STATUSES",
    "REMIND_DAYS_BEFORE",
    "SYSTEM_ACTOR",
    "TRANSITIONS",
    "Transition",
    "allowed_transitions",
    "case_transition",
    "deadline_sweep",
    "decision_document_context",
    "document_symbol",
    "evidence_add",
    "identification_decide",
    "next_document_number",
    "open_tasks_of",
    "record_print",
    "records_viewed",
    "return_certificate_issue",
    "rules_date",
    "verification_task_cancel",
    "verification_task_change_due_date",
    "verification_task_complete",
    "verification_task_create",
    "verification_task_start",
]
