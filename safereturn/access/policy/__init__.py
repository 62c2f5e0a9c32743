"""The access policy: the single source of truth for who may see and do what with case data.

Views and API endpoints never query case data directly: they ask ``visible_cases`` for a scoped
queryset, ``case_for_actor`` for one case, and the ``can_*`` functions for actions. Everything fails
closed: no membership, no case role, no participation → nothing.

By subject: ``roles`` (who works with cases, which agency types read which notes), ``actors`` (the
officer acting in one agency and role), ``jurisdiction`` (scopes made from the directory's one
jurisdiction table), ``cases``, ``tips`` (tips and the commune register), ``identification``,
``figures`` (what may be counted), ``masking``, ``protection`` (risk, measures, danger alerts),
``support`` (entitlements, services and payments), ``shelters`` (occupancy, residents, stays) and
``reintegration`` (needs, plans, follow-up), ``referrals`` (a recipient's limited participation).
Everything is named here, so callers write
``policy.visible_cases(actor)``.
"""

# Questions that are not about case data, answered by the directory (the policy names them too).
from safereturn.directory.selectors import can_manage_users, can_read_audit

from .actors import Actor, actor_for_request, works_with_cases
from .cases import (
    ScopePart,
    agency_roles,
    can_create_case,
    can_edit_case,
    can_reveal_identity,
    can_write_note,
    case_for_actor,
    forget,
    has_break_glass,
    participates,
    readable_note_categories,
    records_cases_at,
    remember_participations,
    visible_case_parts,
    visible_cases,
)
from .emergency import (
    can_ask_emergency_access,
    can_decide_emergency_access,
    can_review_emergency_access,
    emergency_accesses_for_auditor,
    emergency_accesses_to_handle,
    emergency_rule,
    justification_problem,
    used_today,
    within_reach,
)
from .figures import SMALL_CELL_THRESHOLD, aggregate_cases, suppress_small
from .identification import (
    can_assign_verification,
    can_change_case_status,
    can_decide_identification,
    can_issue_return_certificate,
    can_record_evidence,
    can_reopen_case,
    can_work_task,
)
from .jurisdiction import supervises_jurisdiction, territory
from .masking import mask_digits, mask_name
from .protection import (
    alert_for_actor,
    alert_reaches,
    can_acknowledge_alert,
    can_assess_risk,
    can_raise_alert,
    can_read_risk_details,
    can_record_measure,
    can_see_protection,
)
from .records import object_for_actor
from .referrals import ANSWERING_ROLES as REFERRAL_ANSWERING_ROLES
from .referrals import (
    can_act_as_sender,
    can_answer_referral,
    can_refer,
    readable_sections,
    receives,
    referral_for_actor,
    referrals_received,
)
from .reintegration import (
    SUPPORT_ROLES,
    can_close_despite_open_items,
    can_read_need_domain,
    can_update_planned_service,
    can_work_support,
    readable_need_domains,
)
from .roles import (
    CASE_ROLES,
    CHILD_REVEAL_ROLES,
    DECIDING_ROLES,
    INTAKE_ROLES,
    JURISDICTION_SUPERVISING_AGENCY_TYPES,
    NOTE_CATEGORY_AGENCY_TYPES,
    REPORT_ROLES,
    REVEAL_MINUTES,
    VERIFICATION_ROLES,
    role_may_handle_cases,
)
from .shelters import (
    STAY_ROLES,
    can_admit,
    can_allow_over_capacity,
    can_change_stay,
    can_extend_stay,
    can_manage_places,
    can_see_occupancy,
    can_see_residents,
    is_facility,
)
from .support import (
    can_approve_support,
    can_decide_support,
    can_record_support,
    can_view_agency_spending,
    can_view_support,
)
from .tips import (
    can_forward_tip_to,
    can_keep_register,
    can_receive_tip,
    handles_tip,
    register_communes,
    register_entry_for_actor,
    tip_for_actor,
    tip_recipients,
    visible_register_entries,
    visible_tips,
)

__all__ = [
    "CASE_ROLES",
    "CHILD_REVEAL_ROLES",
    "DECIDING_ROLES",
    "INTAKE_ROLES",
    "JURISDICTION_SUPERVISING_AGENCY_TYPES",
    "NOTE_CATEGORY_AGENCY_TYPES",
    "REFERRAL_ANSWERING_ROLES",
    "REPORT_ROLES",
    "REVEAL_MINUTES",
    "SMALL_CELL_THRESHOLD",
    "STAY_ROLES",
    "SUPPORT_ROLES",
    "VERIFICATION_ROLES",
    "Actor",
    "ScopePart",
    "actor_for_request",
    "agency_roles",
    "aggregate_cases",
    "can_approve_support",
    "alert_for_actor",
    "alert_reaches",
    "can_acknowledge_alert",
    "can_assess_risk",
    "can_raise_alert",
    "can_read_risk_details",
    "can_record_measure",
    "can_see_protection",
    "can_admit",
    "can_allow_over_capacity",
    "can_ask_emergency_access",
    "can_assign_verification",
    "can_change_case_status",
    "can_change_stay",
    "can_close_despite_open_items",
    "can_create_case",
    "can_decide_emergency_access",
    "can_decide_identification",
    "can_decide_support",
    "can_edit_case",
    "can_extend_stay",
    "can_issue_return_certificate",
    "can_forward_tip_to",
    "can_keep_register",
    "can_manage_places",
    "can_manage_users",
    "can_read_audit",
    "can_read_need_domain",
    "can_receive_tip",
    "can_record_evidence",
    "can_record_support",
    "can_reopen_case",
    "can_reveal_identity",
    "can_see_occupancy",
    "can_see_residents",
    "can_review_emergency_access",
    "can_view_agency_spending",
    "can_view_support",
    "can_update_planned_service",
    "can_work_support",
    "can_work_task",
    "can_write_note",
    "case_for_actor",
    "emergency_accesses_for_auditor",
    "emergency_accesses_to_handle",
    "emergency_rule",
    "forget",
    "handles_tip",
    "is_facility",
    "has_break_glass",
    "justification_problem",
    "mask_digits",
    "mask_name",
    "object_for_actor",
    "participates",
    "readable_need_domains",
    "readable_note_categories",
    "records_cases_at",
    "register_communes",
    "register_entry_for_actor",
    "remember_participations",
    "role_may_handle_cases",
    "suppress_small",
    "supervises_jurisdiction",
    "territory",
    "tip_for_actor",
    "tip_recipients",
    "used_today",
    "visible_case_parts",
    "visible_cases",
    "visible_register_entries",
    "visible_tips",
    "within_reach",
    "can_act_as_sender",
    "can_answer_referral",
    "can_refer",
    "readable_sections",
    "receives",
    "referral_for_actor",
    "referrals_received",
    "works_with_cases",
]
