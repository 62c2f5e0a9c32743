"""The access policy: the single source of truth for who may do what.

Case-level scoping (visible cases, object checks, masking, reveal, break-glass) lives here
as the case modules arrive; this module already answers the questions the foundation asks.
"""

from safereturn.directory.models import Role
from safereturn.directory.selectors import user_has_role

# Roles that may ever work with case contents. The system administrator and the auditor
# are deliberately absent: they manage users and read the audit trail, not cases.
CASE_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.VERIFIER, Role.SUPERVISOR})
REPORT_ROLES = frozenset({Role.REPORTING_OFFICER, Role.SUPERVISOR, Role.PROGRAMME_OFFICER})


def can_manage_users(user):
    return bool(user and user.is_authenticated and user.is_active and user_has_role(user, Role.SYSTEM_ADMIN))


def can_read_audit(user):
    return bool(user and user.is_authenticated and user.is_active and user_has_role(user, Role.AUDITOR))


def role_may_handle_cases(role):
    return role in CASE_ROLES
