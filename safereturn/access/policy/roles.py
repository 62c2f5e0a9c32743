"""Who works with case data, and which agency types read which sections of it."""

from safereturn.directory.models import Role

# Roles that may ever work with case contents. The system administrator, the auditor, the
# reporting and programme officers are absent: they see aggregate figures only.
CASE_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.VERIFIER, Role.SUPERVISOR})
REPORT_ROLES = frozenset({Role.REPORTING_OFFICER, Role.SUPERVISOR, Role.PROGRAMME_OFFICER})
INTAKE_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR})
VERIFICATION_ROLES = frozenset({Role.CASE_WORKER, Role.VERIFIER, Role.SUPERVISOR})
DECIDING_ROLES = frozenset({Role.VERIFIER, Role.SUPERVISOR})
# For a child, only these roles may reveal identity (scenario: the social worker and the police verifier).
CHILD_REVEAL_ROLES = frozenset({Role.CASE_WORKER, Role.VERIFIER})

# Agencies whose supervisors oversee every case in their territory (not only the cases
# their agency takes part in): the lead for victim support, police, border guard, and the
# commune People's Committee for its commune.
JURISDICTION_SUPERVISING_AGENCY_TYPES = frozenset(
    {"health_department", "province_police", "border_guard", "commune_committee", "ministry"}
)

# Sensitive note categories and the agency types whose staff may read and write them.
POLICE_TYPES = frozenset(
    {
        "province_police",
        "criminal_police",
        "immigration_office",
        "commune_police",
        "border_guard",
        "border_post",
        "coast_guard",
    }
)
HEALTH_TYPES = frozenset({"health_department", "health_facility", "social_support_facility"})
LEGAL_TYPES = frozenset({"legal_aid_centre", "justice_department"})
NOTE_CATEGORY_AGENCY_TYPES = {
    "investigation": POLICE_TYPES,
    "medical": HEALTH_TYPES,
    "psychological": HEALTH_TYPES,
    "legal": LEGAL_TYPES,
}
REVEAL_MINUTES = 15


def role_may_handle_cases(role):
    return role in CASE_ROLES
