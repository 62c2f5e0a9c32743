"""Reads of case data — always through the access policy's scope."""

import datetime
import functools

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from django.utils import timezone

from safereturn.access import policy
from safereturn.audit.models import AuditAction, AuditEvent
from safereturn.core import name_keys
from safereturn.core.sqlrows import Joined

from . import vocab
from .models import LIST_COPIES, Case, CaseEvent, CaseNote, CaseParticipant, Person

SORTS = {
    "received": ("received_at",),
    "-received": ("-received_at",),
    "number": ("number",),
    "-number": ("-number",),
    "status": ("status",),
    "-status": ("-status",),
}
# Fields of the case that its participations carry a copy of (see ``CaseParticipant``).
PARTICIPATION_COPIES = {"received_at": "case_received_at", "number": "case_number", **LIST_COPIES}
SEARCH_PERSONS_AS_VALUES = 5000


def case_list(actor, filters=None, sort="-received", read="page"):
    """The actor's cases, filtered and sorted, as a ``CaseListing`` (a paginator takes it): for the
    page (``read="page"``: the values its rows show) or the API (``"api"``: whole cases).

    Identity fields stay encrypted until displayed (masked)."""
    filters = filters or {}
    conditions = list_conditions(filters)
    query = (filters.get("q") or "").strip()
    bounded = False
    if query:
        search, bounded = _search_conditions(query)
        conditions.update(search)
    order = (*SORTS.get(sort, SORTS["-received"]), "-number")
    return CaseListing(policy.visible_case_parts(actor), conditions, order, read, bounded=bounded)


def list_conditions(filters):
    """The list filters other than the search, as lookups on the case."""
    conditions = {}
    for name in ("status", "channel", "route", "age_group", "province_id", "commune_id", "receiving_agency_id"):
        if filters.get(name):
            conditions[name] = filters[name]
    if filters.get("sex"):
        conditions["person_sex"] = filters["sex"]
    if filters.get("exploitation"):
        conditions["exploitation_forms__contains"] = f"|{filters['exploitation']}|"
    # Whole local days as a timestamp range: indexes on received_at serve it, which a filter on the
    # date part of received_at could not.
    if filters.get("received_from"):
        conditions["received_at__gte"] = _start_of_day(filters["received_from"])
    if filters.get("received_to"):
        conditions["received_at__lt"] = _start_of_day(filters["received_to"] + datetime.timedelta(days=1))
    return conditions


class CaseListing:
    """A list of cases over the pieces of an actor's scope (``policy.visible_case_parts``).

    Counted piece by piece (each with its own index) and paged by taking, from each piece, the rows
    the page could need, then ordering those few in one query. ``count()`` and slicing are what
    Django's paginator (and so DRF's) uses.

    ``bounded``: the conditions name a few thousand persons at most (a name search), so the list is
    at most their cases. Its ids are then read whole, in order, in one statement, and both counted
    and paged from it: counting and paging apart would find the same persons' cases twice.
    """

    ordered = True

    def __init__(self, parts, conditions, order, read="page", bounded=False):
        self.parts = parts
        self.conditions = conditions
        self.order = order
        self.read = read
        self.bounded = bounded
        self._counts = None
        self._ids = None

    def _filtered(self, part):
        if part.kind == "cases":
            return part.queryset.filter(**self.conditions)
        return part.queryset.filter(**{_on_participation(name): value for name, value in self.conditions.items()})

    def _part_counts(self):
        """Every piece counted in one statement: one round trip however many pieces the scope has."""
        if self._counts is None:
            counts, selects, params, slots = [0] * len(self.parts), [], [], []
            for i, part in enumerate(self.parts):
                queryset = self._filtered(part)
                rows = queryset.values("pk") if part.kind == "cases" else queryset.values("case_id").distinct()
                try:
                    sql, sql_params = rows.query.sql_with_params()
                except EmptyResultSet:  # a condition no row can meet (a search with no usable word)
                    continue
                # The ORM's own SQL with its placeholders; values stay parameters.
                selects.append(f"(SELECT COUNT(*) FROM ({sql}) piece_{i})")  # noqa: S608
                params.extend(sql_params)
                slots.append(i)
            if selects:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT " + ", ".join(selects), params)
                    for i, value in zip(slots, cursor.fetchone(), strict=True):
                        counts[i] = value
            self._counts = counts
        return self._counts

    def _all_ids(self):
        """Every case id of a bounded list, in the list's order: the pieces' rows (id and order keys,
        the participations' copies where they have them) as one UNION ALL, sorted once."""
        if self._ids is None:
            selects, params = [], []
            keys = {f"o{i}": name.lstrip("-") for i, name in enumerate(self.order)}
            for part in self.parts:
                if part.kind == "cases":
                    rows = self._filtered(part).annotate(hit=F("pk"), **{k: F(n) for k, n in keys.items()})
                else:
                    rows = self._filtered(part).annotate(
                        hit=F("case_id"), **{k: F(_on_participation(n)) for k, n in keys.items()}
                    )
                rows = rows.order_by().values_list("hit", *keys)
                if part.kind != "cases":  # an agency may take part in a case in two roles
                    rows = rows.distinct()
                try:
                    sql, sql_params = rows.query.sql_with_params()
                except EmptyResultSet:
                    continue
                selects.append(sql)
                params.extend(sql_params)
            ids = []
            if selects:
                order = ", ".join(_order_term(f"hits.o{i}", name) for i, name in enumerate(self.order))
                # The ORM's own SQL for each piece, with its placeholders; values stay parameters.
                sql = f"SELECT hits.hit FROM ({' UNION ALL '.join(selects)}) hits ORDER BY {order}"  # noqa: S608
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    ids = [row[0] for row in cursor.fetchall()]
            self._ids = ids
        return self._ids

    def count(self):
        if self.bounded:
            return len(self._all_ids())
        return sum(self._part_counts())

    def __len__(self):
        return self.count()

    def _case_order(self):
        """The order over cases, with case numbers compared byte by byte (COLLATE "C").

        Numbers start with the province code, so one province's numbers sit together in the number
        index; ordered by number, PostgreSQL would walk that index from the start, filtering, and
        read most of the table before reaching them. Collated, the number index is not a candidate:
        the rows are found through the filters' indexes and sorted. The byte order is also the
        natural one for numbers made of digits and hyphens, whatever the database's collation.
        """
        order = []
        for field in self.order:
            if field.lstrip("-") == "number":
                number = Collate(F("number"), _byte_collation())
                order.append(number.desc() if field.startswith("-") else number.asc())
            else:
                order.append(field)
        return order

    def _top_ids(self, part, stop):
        queryset = self._filtered(part)
        if part.kind == "cases":
            return list(queryset.order_by(*self._case_order()).values_list("pk", flat=True)[:stop])
        order = [_on_participation(field) for field in self.order]
        return list(queryset.order_by(*order).values_list("case_id", flat=True).distinct()[:stop])

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("a case listing is read a page (a slice) at a time")
        start, stop = index.start or 0, index.stop
        if stop is None or start < 0 or stop < start:
            raise ValueError("slice a case listing with 0 <= start <= stop")
        if self.bounded:
            ids = self._all_ids()[start:stop]
            return self._cases(ids, slice(None)) if ids else []
        parts = self.parts
        if self._counts is not None:  # a paginator counted first: pieces with no rows are skipped
            parts = [part for part, count in zip(self.parts, self._counts, strict=True) if count]
        if not parts or stop == start:
            return []
        # Ids first (from indexes alone where they cover the query), whole rows for the page only.
        if len(parts) == 1:
            candidates, window = self._top_ids(parts[0], stop)[start:stop], slice(None)
        else:
            # The first ``stop`` rows of the whole list are among each piece's first ``stop``.
            candidates = [case_id for part in parts for case_id in self._top_ids(part, stop)]
            window = slice(start, stop)
        if not candidates:
            return []
        return self._cases(candidates, window)

    def _cases(self, candidates, window):
        """The cases with these ids, in the list's order, cut to ``window``: plain SQL over the columns
        the list shows (``self.read``), converted as the ORM converts them: for the page, their values
        ({path: {attname: value}}, see ``Joined.values``); for the API, instances."""
        read = _list_reads()[self.read]
        qn = connection.ops.quote_name
        pk = Case._meta.pk
        keys = [pk.get_db_prep_value(case_id, connection) for case_id in candidates]
        order = [_order_term(f"c.{qn(Case._meta.get_field(name.lstrip('-')).column)}", name) for name in self.order]
        start = window.start or 0
        limit = "" if window.stop is None else f" LIMIT {int(window.stop - start)}"
        # Only quoted names of our models, the list's own order and %s placeholders go into the text.
        sql = (
            f"SELECT {read.select_sql()} FROM {read.from_sql()} "  # noqa: S608
            f"WHERE c.{qn(pk.column)} IN ({', '.join(['%s'] * len(keys))}) ORDER BY {', '.join(order)}"
            f"{limit}{f' OFFSET {int(start)}' if start else ''}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, keys)
            rows = cursor.fetchall()
        if self.read == "page":
            return [read.values(row) for row in rows]
        return [read.build(row) for row in rows]


@functools.cache
def _list_reads():
    """What a list reads of each case: the page only what its rows show (the person's name alone is
    decrypted, for its initials); the API the whole case and what the masked person needs."""
    related = ("person", "receiving_agency")
    return {
        "page": Joined(
            Case,
            "c",
            related,
            fields={
                "": ("number", "person_sex", "age_group", "channel", "received_at", "status"),
                "person": ("full_name",),
                "receiving_agency": ("name",),
            },
        ),
        "api": Joined(
            Case,
            "c",
            related,
            fields={"person": ("full_name", "birth_year", "sex", "id_number", "phone"), "receiving_agency": ("name",)},
        ),
    }


def _order_term(column, name):
    """SQL ordering ``column`` as the list's ``name`` (``-`` for descending) says; case numbers in
    byte order, as ``CaseListing._case_order`` says why."""
    collate = f" COLLATE {connection.ops.quote_name(_byte_collation())}" if name.lstrip("-") == "number" else ""
    return f"{column}{collate}{' DESC' if name.startswith('-') else ''}"


def _byte_collation():
    return "C" if connection.vendor == "postgresql" else "BINARY"


def _on_participation(name):
    """A lookup or ordering on a case, said from its participation (a copy where there is one)."""
    descending = name.startswith("-")
    field, _sep, lookup = name.lstrip("-").partition("__")
    path = PARTICIPATION_COPIES.get(field, f"case__{field}")
    return ("-" if descending else "") + path + (f"__{lookup}" if lookup else "")


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _search_conditions(query):
    """A case number, or a name (accent-insensitive, any order): every token must match a blind key.

    ``(conditions, bounded)``: bounded when the conditions name the persons found as values, so that
    the list is at most their cases (see ``CaseListing``)."""
    if query[:2].isdigit() and "-" in query:
        return {"number": query.strip()}, False
    keys = name_keys.search_keys(query)
    if not keys:
        return {"pk__in": []}, False
    persons = Person.objects.filter(name_search__has_all_keys=sorted(keys)).values_list("pk", flat=True)
    # The persons named so are found once, in the GIN index, and handed to the list's queries as
    # values: the planner then knows how few they are and starts from them, instead of walking a
    # province's cases newest first in the hope of meeting them soon. A name shared by very many
    # people stays a subquery.
    found = list(persons[: SEARCH_PERSONS_AS_VALUES + 1])
    if len(found) > SEARCH_PERSONS_AS_VALUES:
        return {"person_id__in": persons}, False
    if connection.vendor == "postgresql":
        # As one array unnested: planned as a join on a few thousand rows, not a list whose every
        # value the planner would weigh (10 ms of planning for a common name). Sent as the array's
        # text (the ids are the database's own integers): psycopg builds an array parameter element
        # by element in Python, which took longer than the query for a common name.
        ids = "{" + ",".join(map(str, found)) + "}"
        return {"person_id__in": RawSQL("SELECT unnest(CAST(%s AS bigint[]))", (ids,))}, True
    return {"person_id__in": found}, True


def lead_agency_name(case):
    """The name of the province's lead agency taking part in a case the actor opened (None if none)."""
    return (
        CaseParticipant.objects.filter(case=case, role=vocab.ParticipantRole.LEAD, is_active=True)
        .values_list("agency__name", flat=True)
        .first()
    )


def case_timeline(actor, case):
    return CaseEvent.objects.filter(case=case).select_related("actor", "agency")


def identity_revealed_recently(actor, case):
    """Has this officer, in this agency and role, recorded a reasoned reveal of ``case`` within the
    last ``policy.REVEAL_MINUTES``? The audit trail is the record (one indexed probe)."""
    since = timezone.now() - datetime.timedelta(minutes=policy.REVEAL_MINUTES)
    return AuditEvent.objects.filter(
        object_type="case",
        object_id=str(case.pk),
        occurred_at__gte=since,
        action=AuditAction.REVEAL,
        actor_id=actor.user.pk,
        agency_id=actor.agency.pk,
        role=actor.role,
    ).exists()


def case_notes(actor, case):
    return CaseNote.objects.filter(case=case, category__in=policy.readable_note_categories(actor)).select_related(
        "author", "agency"
    )


def visible_duplicate_candidates(actor, candidates):
    """Split candidates into those the actor may see and a count of those held elsewhere.

    Each piece of the actor's scope is asked about these few persons only (through the case's
    person index), rather than reading the whole scope: a commune's participations run to tens
    of thousands at national scale.
    """
    person_ids = [c.person.pk for c in candidates]
    visible_person_ids = set()
    for part in policy.visible_case_parts(actor) if person_ids else ():
        person = "person_id" if part.kind == "cases" else "case__person_id"
        visible_person_ids |= set(part.queryset.filter(**{f"{person}__in": person_ids}).values_list(person, flat=True))
    shown = [c for c in candidates if c.person.pk in visible_person_ids]
    return shown, len(candidates) - len(shown)
