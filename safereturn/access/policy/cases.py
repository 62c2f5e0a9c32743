"""The scope of case data: which cases an actor may list and open, and what they may do with one.

``visible_cases`` is the only way to list cases; ``visible_case_parts`` is the same scope in pieces
for lists at scale; ``case_for_actor`` opens one case (or 404). The ``can_*`` answers are asked of a
case already opened. Everything fails closed: no case role, no participation → nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from safereturn.core.sqlrows import Joined, execute_prepared
from safereturn.directory.models import Role

from .. import scoped
from ..models import BreakGlassGrant
from .actors import works_with_cases
from .jurisdiction import supervises_jurisdiction, territory, territory_column
from .roles import CASE_ROLES, CHILD_REVEAL_ROLES, INTAKE_ROLES, NOTE_CATEGORY_AGENCY_TYPES


def _cases():
    return scoped.model("case")


def _participations():
    return scoped.model("case_participation")


def _case_ids_reached_directly(actor, *, outside_jurisdiction_only):
    """The Q for cases reached by the agency's active participation or the user's break-glass grants.

    Written as ``id = ANY(ARRAY(subquery))`` on PostgreSQL (see ``AnyOfSubquery``): each list is read
    once, and an index on the case id serves the test, also beside the jurisdiction condition.
    """
    participations = _participations().objects.filter(agency_id=actor.agency.pk, is_active=True)
    if outside_jurisdiction_only:
        participations = participations.filter(in_agency_jurisdiction=False)
    grants = BreakGlassGrant.objects.filter(user_id=actor.user.pk, expires_at__gt=timezone.now())
    return Q(pk__any_of=participations.values("case_id")) | Q(pk__any_of=grants.values("case_id"))


def visible_cases(actor):
    """Every case this actor may open. The only way to list case data."""
    Case = _cases()
    if not works_with_cases(actor):
        return Case.objects.none()
    if supervises_jurisdiction(actor):
        jurisdiction = territory(actor.agency)
        if jurisdiction is None:  # national
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


def visible_case_parts(actor):
    """``visible_cases`` as pieces that do not overlap (see ``ScopePart``)."""
    Case = _cases()
    if not works_with_cases(actor):
        return []
    participations = _participations().objects.filter(agency_id=actor.agency.pk, is_active=True)
    grants = Case.objects.filter(
        pk__in=BreakGlassGrant.objects.filter(user_id=actor.user.pk, expires_at__gt=timezone.now()).values("case_id")
    ).exclude(pk__in=participations.values("case_id"))
    if supervises_jurisdiction(actor):
        jurisdiction = territory(actor.agency)
        if jurisdiction is None:  # national
            return [ScopePart("cases", Case.objects.all())]
        # The flag makes the participation piece small and indexed; the condition on the case keeps
        # the pieces apart even where a flag is stale (false is its safe value).
        outside = participations.filter(in_agency_jurisdiction=False).exclude(territory(actor.agency, via="case__"))
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
    if not works_with_cases(actor):
        return None
    db = connections[using]
    qn = db.ops.quote_name
    grant_sql = (
        f"EXISTS (SELECT 1 FROM {qn(BreakGlassGrant._meta.db_table)} g "  # noqa: S608 - table names of our models
        "WHERE g.case_id = c.id AND g.user_id = %s AND g.expires_at > %s)"
    )
    grant_params = [actor.user.pk, db.ops.adapt_datetimefield_value(timezone.now())]
    participation_sql = (
        f"EXISTS (SELECT 1 FROM {qn(_participations()._meta.db_table)} p "  # noqa: S608 - table names of our models
        "WHERE p.case_id = c.id AND p.agency_id = %s AND p.is_active{outside})"
    )
    if supervises_jurisdiction(actor):
        place = territory_column(actor.agency, _cases())
        if place is None:  # national
            return "1 = 1", [], grant_sql, grant_params
        column, code = place
        condition = (
            f"(c.{qn(column)} = %s OR {participation_sql.format(outside=' AND NOT p.in_agency_jurisdiction')}"
            f" OR {grant_sql})"
        )
        return condition, [code, actor.agency.pk, *grant_params], grant_sql, grant_params
    condition = f"({participation_sql.format(outside='')} OR {grant_sql})"
    return condition, [actor.agency.pk, *grant_params], grant_sql, grant_params


_one_case_reads = {}


def case_for_actor(actor, case_id, *, related=()):
    """One case, or 404 — the same answer whether it does not exist or is out of scope.

    ``related``: foreign keys to fetch in the same query (a page that shows them saves a query each).
    One statement of plain SQL (``core.sqlrows``): every case page and action opens its case here;
    it also answers ``has_break_glass`` for the rest of the request.
    """
    Case = _cases()
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


def agency_roles(actor, case):
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
    them, not a filtered or sliced list), giving the same answer as the query ``agency_roles`` makes.
    """
    agency_id = actor.agency.pk
    roles = frozenset(role for agency, role, is_active in participations if is_active and agency == agency_id)
    _memo_store(case)[("agency_roles", agency_id)] = roles


def participates(actor, case):
    return bool(agency_roles(actor, case))


def has_break_glass(actor, case):
    return _memo(
        case,
        ("break_glass", actor.user.pk),
        lambda: case.break_glass_grants.filter(user_id=actor.user.pk, expires_at__gt=timezone.now()).exists(),
    )


def can_create_case(actor):
    return actor is not None and actor.role in INTAKE_ROLES | {Role.VERIFIER}


def records_cases_at(agency, province_id, commune_id):
    """Whether the agency may record a case received at this place: its own territory (a commune
    agency its commune, a provincial agency its province; a national agency anywhere)."""
    return agency is not None and agency.covers(province_id, commune_id)


def can_edit_case(actor, case):
    """Changing a case needs the agency's participation: emergency access reads, never writes."""
    return actor is not None and actor.role in CASE_ROLES and participates(actor, case)


def can_reveal_identity(actor, case):
    """Revealing names needs participation (emergency access never reveals); for a child, only
    caseworkers and verifiers."""
    if actor is None or actor.role not in CASE_ROLES:
        return False
    if not participates(actor, case):
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
