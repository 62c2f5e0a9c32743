"""The access policy: the single source of truth for who may see and do what with case data.

Views and API endpoints never query case data directly: they ask ``visible_cases`` for a
scoped queryset, ``case_for_actor`` for one case, and the ``can_*`` functions for actions.
Everything fails closed: no membership, no case role, no participation → nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from safereturn.core.access_marks import case_data_view, not_case_data  # noqa: F401 - re-exported
from safereturn.directory.models import JurisdictionLevel, Membership, Role
from safereturn.directory.selectors import user_has_role

# Roles that may ever work with case contents. The system administrator, the auditor, the
# reporting and programme officers are absent: they see aggregate figures only.
CASE_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.VERIFIER, Role.SUPERVISOR})
REPORT_ROLES = frozenset({Role.REPORTING_OFFICER, Role.SUPERVISOR, Role.PROGRAMME_OFFICER})
INTAKE_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR})

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
# For a child, only these roles may reveal identity (scenario: the social worker and the police verifier).
CHILD_REVEAL_ROLES = frozenset({Role.CASE_WORKER, Role.VERIFIER})
BREAK_GLASS_HOURS = 4
REVEAL_MINUTES = 15


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user in one agency with one role (the membership they chose)."""

    user: object
    membership: Membership

    @property
    def agency(self):
        return self.membership.agency

    @property
    def role(self):
        return self.membership.role

    @property
    def agency_type(self):
        return self.membership.agency.agency_type.code


def actor_for_request(request):
    from safereturn.directory.selectors import active_membership

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    membership = active_membership(request)
    return Actor(user, membership) if membership is not None else None


def _case_model():
    return apps.get_model("cases", "Case")


def _jurisdiction_q(agency):
    if agency.jurisdiction_level == JurisdictionLevel.NATIONAL:
        return Q()
    if agency.jurisdiction_level == JurisdictionLevel.PROVINCE:
        return Q(province_id=agency.province_id)
    return Q(commune_id=agency.commune_id)


def supervises_jurisdiction(actor):
    return actor.role == Role.SUPERVISOR and actor.agency_type in JURISDICTION_SUPERVISING_AGENCY_TYPES


def _case_ids_reached_directly(actor, *, outside_jurisdiction_only):
    """The Q for cases reached by the agency's active participation or the user's break-glass grants.

    Written as ``id = ANY(ARRAY(subquery))`` on PostgreSQL (see ``AnyOfSubquery``): each list is read
    once, and an index on the case id serves the test, also beside the jurisdiction condition.
    """
    participant = apps.get_model("cases", "CaseParticipant")
    grant = apps.get_model("access", "BreakGlassGrant")
    participations = participant.objects.filter(agency_id=actor.agency.pk, is_active=True)
    if outside_jurisdiction_only:
        participations = participations.filter(in_agency_jurisdiction=False)
    grants = grant.objects.filter(user_id=actor.user.pk, expires_at__gt=timezone.now())
    return Q(pk__any_of=participations.values("case_id")) | Q(pk__any_of=grants.values("case_id"))


def visible_cases(actor):
    """Every case this actor may open. The only way to list case data."""
    Case = _case_model()
    if actor is None or actor.role not in CASE_ROLES or not actor.agency.is_active:
        return Case.objects.none()
    if supervises_jurisdiction(actor):
        jurisdiction = _jurisdiction_q(actor.agency)
        if not jurisdiction:  # national
            return Case.objects.all()
        # Participations inside the jurisdiction are covered by it; only those outside are listed.
        return Case.objects.filter(jurisdiction | _case_ids_reached_directly(actor, outside_jurisdiction_only=True))
    return Case.objects.filter(_case_ids_reached_directly(actor, outside_jurisdiction_only=False))


@dataclass(frozen=True)
class ScopePart:
    """One piece of an actor's case scope, for listing and counting at scale.

    ``kind`` is ``"cases"`` (``queryset`` is of cases) or ``"participations"`` (``queryset`` is of the
    agency's active participations, one or more per case). The pieces of ``visible_case_parts`` do
    not overlap and together are exactly ``visible_cases``: a list counts each piece with its own
    index and pages them side by side. safereturn/access/tests/test_scope.py holds them to it.
    """

    kind: str
    queryset: object


def _jurisdiction_q_for_participations(agency):
    jurisdiction = _jurisdiction_q(agency)
    return Q(**{f"case__{key}": value for key, value in jurisdiction.children})


def visible_case_parts(actor):
    """``visible_cases`` as pieces that do not overlap (see ``ScopePart``)."""
    Case = _case_model()
    participant = apps.get_model("cases", "CaseParticipant")
    grant = apps.get_model("access", "BreakGlassGrant")
    if actor is None or actor.role not in CASE_ROLES or not actor.agency.is_active:
        return []
    participations = participant.objects.filter(agency_id=actor.agency.pk, is_active=True)
    grants = Case.objects.filter(
        pk__in=grant.objects.filter(user_id=actor.user.pk, expires_at__gt=timezone.now()).values("case_id")
    ).exclude(pk__in=participations.values("case_id"))
    if supervises_jurisdiction(actor):
        jurisdiction = _jurisdiction_q(actor.agency)
        if not jurisdiction:  # national
            return [ScopePart("cases", Case.objects.all())]
        # The flag makes the participation piece small and indexed; the condition on the case keeps
        # the pieces apart even where a flag is stale (false is its safe value).
        outside = participations.filter(in_agency_jurisdiction=False).exclude(
            _jurisdiction_q_for_participations(actor.agency)
        )
        return [
            ScopePart("cases", Case.objects.filter(jurisdiction)),
            ScopePart("participations", outside),
            ScopePart("cases", grants.exclude(jurisdiction)),
        ]
    return [ScopePart("participations", participations), ScopePart("cases", grants)]


def _one_case_condition(actor, using="default"):
    """``visible_cases`` for one case, as SQL on the case row aliased ``c``: ``(condition, params,
    grant, grant params)`` — ``grant`` the probe for the actor's own live break-glass grant, which
    the case's read also answers — or None when the actor may open no case. Written as existence
    probes on the case's own participations and grants (an index lookup each) rather than as the
    agency's whole list: opening one case costs the same for a commune with fifty thousand cases as
    for one with five. test_scope holds it to ``visible_cases`` for every kind of actor."""
    from django.db import connections

    if actor is None or actor.role not in CASE_ROLES or not actor.agency.is_active:
        return None
    connection = connections[using]
    qn = connection.ops.quote_name
    participant = apps.get_model("cases", "CaseParticipant")
    grant = apps.get_model("access", "BreakGlassGrant")
    grant_sql = (
        f"EXISTS (SELECT 1 FROM {qn(grant._meta.db_table)} g "  # noqa: S608 - table names of our models
        "WHERE g.case_id = c.id AND g.user_id = %s AND g.expires_at > %s)"
    )
    grant_params = [actor.user.pk, connection.ops.adapt_datetimefield_value(timezone.now())]
    participation_sql = (
        f"EXISTS (SELECT 1 FROM {qn(participant._meta.db_table)} p "  # noqa: S608 - table names of our models
        "WHERE p.case_id = c.id AND p.agency_id = %s AND p.is_active{outside})"
    )
    if supervises_jurisdiction(actor):
        jurisdiction = _jurisdiction_q(actor.agency)
        if not jurisdiction:  # national
            return "1 = 1", [], grant_sql, grant_params
        ((name, value),) = jurisdiction.children
        column = _case_model()._meta.get_field(name.removesuffix("_id")).column
        condition = (
            f"(c.{qn(column)} = %s OR {participation_sql.format(outside=' AND NOT p.in_agency_jurisdiction')}"
            f" OR {grant_sql})"
        )
        return condition, [value, actor.agency.pk, *grant_params], grant_sql, grant_params
    condition = f"({participation_sql.format(outside='')} OR {grant_sql})"
    return condition, [actor.agency.pk, *grant_params], grant_sql, grant_params


_one_case_reads = {}


def case_for_actor(actor, case_id, *, related=()):
    """One case, or 404 — the same answer whether it does not exist or is out of scope.

    ``related``: foreign keys to fetch in the same query (a page that shows them saves a query each).
    One statement of plain SQL (``core.sqlrows``): every case page and action opens its case here;
    it also answers ``has_break_glass`` for the rest of the request.
    """
    from django.core.exceptions import ValidationError
    from django.db import connection

    from safereturn.core.sqlrows import Joined, execute_prepared

    Case = _case_model()
    condition = _one_case_condition(actor)
    try:
        key = Case._meta.pk.get_db_prep_value(Case._meta.pk.to_python(case_id), connection)
    except (ValidationError, ValueError, TypeError, AttributeError) as exc:
        raise Http404 from exc
    if condition is None or key is None:
        raise Http404
    read = _one_case_reads.get(related)
    if read is None:
        read = _one_case_reads[related] = Joined(Case, "c", related)
    sql, params, grant_sql, grant_params = condition
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            f"SELECT {grant_sql}, {read.select_sql()} FROM {read.from_sql()} WHERE c.id = %s AND {sql}",  # noqa: S608
            [*grant_params, key, *params],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    case = read.build(row[1:])
    _memo_store(case)[("break_glass", actor.user.pk)] = bool(row[0])
    return case


def _memo(case, key, compute):
    """Remember an answer on the case object for the rest of this request: a page asks the same
    question of the same case many times. Services that change participation call ``forget``."""
    cache = _memo_store(case)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _memo_store(case):
    return case.__dict__.setdefault("_policy_memo", {})


def forget(case):
    """Drop remembered answers after participation or grants of this case changed."""
    case.__dict__.pop("_policy_memo", None)


def _agency_roles(actor, case):
    """The roles the actor's agency plays in the case now (one query per case and agency per request)."""
    return _memo(
        case,
        ("agency_roles", actor.agency.pk),
        lambda: frozenset(
            case.participants.filter(agency_id=actor.agency.pk, is_active=True).values_list("role", flat=True)
        ),
    )


def remember_participations(actor, case, participations):
    """Answer this request's participation questions about ``case`` from rows a page has read anyway.

    ``participations``: ``(agency_id, role, is_active)`` for every participation of the case (all of
    them, not a filtered or sliced list), giving the same answer as the query ``_agency_roles`` makes.
    """
    agency_id = actor.agency.pk
    roles = frozenset(role for agency, role, is_active in participations if is_active and agency == agency_id)
    _memo_store(case)[("agency_roles", agency_id)] = roles


def participates(actor, case):
    return bool(_agency_roles(actor, case))


def has_break_glass(actor, case):
    return _memo(
        case,
        ("break_glass", actor.user.pk),
        lambda: case.break_glass_grants.filter(user_id=actor.user.pk, expires_at__gt=timezone.now()).exists(),
    )


def can_create_case(actor):
    return actor is not None and actor.role in INTAKE_ROLES | {Role.VERIFIER}


def can_edit_case(actor, case):
    return (
        actor is not None and actor.role in CASE_ROLES and (participates(actor, case) or has_break_glass(actor, case))
    )


def can_reveal_identity(actor, case):
    """Revealing names needs participation (or break-glass); for a child, only caseworkers and verifiers."""
    if actor is None or actor.role not in CASE_ROLES:
        return False
    if not (participates(actor, case) or has_break_glass(actor, case)):
        return False
    if case.age_group == "child":
        return actor.role in CHILD_REVEAL_ROLES
    return True


def readable_note_categories(actor):
    if actor is None or actor.role not in CASE_ROLES:
        return set()
    categories = {"general"}
    for category, agency_types in NOTE_CATEGORY_AGENCY_TYPES.items():
        if actor.agency_type in agency_types:
            categories.add(category)
    return categories


def can_write_note(actor, case, category):
    return can_edit_case(actor, case) and category in readable_note_categories(actor)


def can_break_glass(actor):
    return actor is not None and actor.role in CASE_ROLES


def break_glass_expiry(now=None):
    return (now or timezone.now()) + timedelta(hours=BREAK_GLASS_HOURS)


# ---- masking -----------------------------------------------------------------------------


def mask_name(full_name):
    """'Nguyễn Thị Hương' → 'Nguyễn T. H.': family name, then initials."""
    parts = (full_name or "").split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][0] + "."
    return " ".join([parts[0]] + [p[0] + "." for p in parts[1:]])


def mask_digits(value):
    digits = value or ""
    return "•" * max(len(digits) - 3, 0) + digits[-3:] if digits else ""


# ---- things that are not case data -------------------------------------------------------


def can_manage_users(user):
    return bool(user and user.is_authenticated and user.is_active and user_has_role(user, Role.SYSTEM_ADMIN))


def can_read_audit(user):
    return bool(user and user.is_authenticated and user.is_active and user_has_role(user, Role.AUDITOR))


def role_may_handle_cases(role):
    return role in CASE_ROLES


# ---- tips (tin báo) and the commune register of at-risk and missing persons ---------------


def _object_for_actor(queryset, pk):
    """One object of a scoped queryset, or 404 — the same answer whether it does not exist or is out of scope."""
    from django.core.exceptions import ValidationError

    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def visible_tips(actor):
    """Every tip this actor may open: the receiving agency, the agency it was forwarded to, and
    supervisors whose jurisdiction covers the tip's province or commune. The only way to list tips."""
    Tip = apps.get_model("tips", "Tip")
    if actor is None or actor.role not in CASE_ROLES or not actor.agency.is_active:
        return Tip.objects.none()
    scope = Q(receiving_agency_id=actor.agency.pk) | Q(forwarded_to_id=actor.agency.pk)
    if supervises_jurisdiction(actor):
        jurisdiction = _jurisdiction_q(actor.agency)
        if not jurisdiction:  # national
            return Tip.objects.all()
        scope |= jurisdiction
    return Tip.objects.filter(scope)


def tip_for_actor(actor, tip_id):
    return _object_for_actor(visible_tips(actor), tip_id)


def can_receive_tip(actor):
    return actor is not None and actor.role in CASE_ROLES and actor.agency.is_active


def handles_tip(actor, tip):
    """Working a tip (triage, forward, link, close, reveal) is for the agency holding it: the receiver,
    or the agency it was forwarded to. Jurisdiction supervisors oversee; they do not act on it."""
    return (
        actor is not None
        and actor.role in CASE_ROLES
        and actor.agency.is_active
        and actor.agency.pk in {tip.receiving_agency_id, tip.forwarded_to_id}
    )


def _register_scope_q(agency):
    """A commune register is kept and read where the commune is: the commune's own agencies and the
    agencies of its province. National bodies get figures, not names, so they have no scope here."""
    if agency.jurisdiction_level == JurisdictionLevel.PROVINCE and agency.province_id:
        return Q(province_id=agency.province_id)
    if agency.jurisdiction_level == JurisdictionLevel.COMMUNE and agency.commune_id:
        return Q(commune_id=agency.commune_id)
    return None


def visible_register_entries(actor):
    """Register entries of the communes this actor's agency covers (case roles only). The only way to list them."""
    Entry = apps.get_model("tips", "RegisterEntry")
    if actor is None or actor.role not in CASE_ROLES or not actor.agency.is_active:
        return Entry.objects.none()
    scope = _register_scope_q(actor.agency)
    return Entry.objects.filter(scope) if scope is not None else Entry.objects.none()


def register_entry_for_actor(actor, entry_id):
    return _object_for_actor(visible_register_entries(actor), entry_id)


def register_communes(actor):
    """The communes whose register this actor may read and keep."""
    Commune = apps.get_model("geo", "Commune")
    if actor is None or actor.role not in CASE_ROLES or not actor.agency.is_active:
        return Commune.objects.none()
    scope = _register_scope_q(actor.agency)
    if scope is None:
        return Commune.objects.none()
    if actor.agency.jurisdiction_level == JurisdictionLevel.COMMUNE:
        return Commune.objects.filter(code=actor.agency.commune_id)
    return Commune.objects.filter(province_id=actor.agency.province_id)


def can_keep_register(actor, commune):
    return commune is not None and register_communes(actor).filter(pk=commune.pk).exists()


# ---- aggregate figures -------------------------------------------------------------------

# Cells smaller than this are shown as "< N" so no person can be recognised from a figure.
SMALL_CELL_THRESHOLD = 5


def aggregate_cases(actor):
    """Cases an actor may COUNT (never open): every case in the agency's territory.

    Any role may see figures for its own territory — this is how roles without case access
    (reporting and programme officers, auditors) follow the work.
    """
    Case = _case_model()
    if actor is None or not actor.agency.is_active:
        return Case.objects.none()
    jurisdiction = _jurisdiction_q(actor.agency)
    return Case.objects.filter(jurisdiction) if jurisdiction else Case.objects.all()


def suppress_small(count):
    return count if count == 0 or count >= SMALL_CELL_THRESHOLD else None


# ---- verification and identification ------------------------------------------------------

VERIFICATION_ROLES = frozenset({Role.CASE_WORKER, Role.VERIFIER, Role.SUPERVISOR})
DECIDING_ROLES = frozenset({Role.VERIFIER, Role.SUPERVISOR})


def _leads_case(actor, case):
    """The agency takes part in its own right (receiver, responsible...), not only through an assigned task."""
    return bool(_agency_roles(actor, case) - {"assignee"})


def can_assign_verification(actor, case):
    """Assigning, and cancelling, verification tasks: officers of an agency leading the case."""
    return actor is not None and actor.role in VERIFICATION_ROLES and _leads_case(actor, case)


def can_work_task(actor, task):
    """Starting a task and recording its findings: the assigned agency's officers."""
    return (
        actor is not None
        and actor.role in VERIFICATION_ROLES
        and actor.agency.is_active
        and task.assignee_agency_id == actor.agency.pk
    )


def can_record_evidence(actor, case):
    return can_edit_case(actor, case) and actor.role in VERIFICATION_ROLES


def _rules_date(case, on_date):
    # Cases keep the rules in force when they were received.
    return on_date or timezone.localdate(case.received_at)


def can_decide_identification(actor, case, on_date=None):
    """A verifier or supervisor of a participating agency whose type may identify on the case's date."""
    from safereturn.rules.selectors import is_competent

    return (
        actor is not None
        and actor.role in DECIDING_ROLES
        and participates(actor, case)
        and is_competent(actor.agency_type, "identify", _rules_date(case, on_date))
    )


def can_issue_return_certificate(actor, case, on_date=None):
    from safereturn.rules.selectors import is_competent

    return (
        actor is not None
        and actor.role in DECIDING_ROLES
        and participates(actor, case)
        and is_competent(actor.agency_type, "issue_return_certificate", _rules_date(case, on_date))
    )


def can_change_case_status(actor, case):
    """Starting verification and closing: officers of an agency leading the case."""
    return can_assign_verification(actor, case)


def can_reopen_case(actor, case):
    return actor is not None and actor.role == Role.SUPERVISOR and _leads_case(actor, case)
