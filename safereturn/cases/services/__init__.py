"""Changes to persons and cases. Each is one transaction that writes the timeline and the audit
trail (``audit.timeline.record``); side effects run on commit. Callers pass the acting ``Actor``.
Refusals are the platform's error vocabulary (``core.errors``); bad input is a ``ValidationError``."""

from .documents import RevealNeeded, document_add, document_may_open, document_open
from .drafts import draft_discard, draft_of_owner, draft_save, drafts_expire, drafts_of
from .emergency_access import emergency_access_ask, emergency_access_decide, emergency_access_review
from .intake import (
    IntakeData,
    PersonData,
    age_group_for,
    duplicate_check_permit,
    duplicate_check_recorded,
    intake_data_from_form,
    intake_record,
    next_case_number,
)
from .match_requests import (
    intake_record_as_new_person,
    intake_record_asking_holder,
    match_request_answer,
    match_requests_open,
    match_requests_remind,
    may_answer,
    pending_for,
)
from .persons import IDENTITY_FIELDS, PERSON_EDITABLE, person_link_case, person_update
from .reads import case_viewed, cases_listed, identity_refused, identity_reveal
from .records import CASE_EDITABLE, case_update, consent_record, consent_to_withdraw, consent_withdraw, note_add

__all__ = [
    "CASE_EDITABLE",
    "IDENTITY_FIELDS",
    "PERSON_EDITABLE",
    "IntakeData",
    "PersonData",
    "RevealNeeded",
    "age_group_for",
    "case_update",
    "case_viewed",
    "cases_listed",
    "consent_record",
    "consent_to_withdraw",
    "consent_withdraw",
    "document_add",
    "draft_discard",
    "draft_of_owner",
    "draft_save",
    "drafts_expire",
    "drafts_of",
    "document_may_open",
    "document_open",
    "duplicate_check_permit",
    "duplicate_check_recorded",
    "emergency_access_ask",
    "emergency_access_decide",
    "emergency_access_review",
    "identity_refused",
    "identity_reveal",
    "intake_data_from_form",
    "intake_record",
    "intake_record_as_new_person",
    "intake_record_asking_holder",
    "match_request_answer",
    "match_requests_open",
    "match_requests_remind",
    "may_answer",
    "pending_for",
    "next_case_number",
    "note_add",
    "person_link_case",
    "person_update",
]
