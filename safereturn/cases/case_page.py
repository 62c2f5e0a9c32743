"""What the case page shows besides the case itself, read in as few and as narrow queries as it needs.

The page is the most opened one: each list is read once, with only the columns it shows, and turned
into rows of ready strings here (labels, dates), so the template only places them. The participants
read here also answer the access policy's participation questions about this case (no query of
their own).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.template.defaultfilters import filesizeformat
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from safereturn.access import policy
from safereturn.core.display import date_text, registry_labels, vocab_labels
from safereturn.core.jinja import url
from safereturn.core.sqlrows import Columns, execute_prepared
from safereturn.directory.models import Agency, AgencyType
from safereturn.rules.models import SharingBasis, SharingRule
from safereturn.rules.selectors import in_force

from . import selectors, vocab
from .extensions import panel_sections
from .models import Case, CaseDocument, CaseEvent, CaseNote, CaseParticipant, Consent
from .presenters import changed_fields
from .timeline import event_kinds

TIMELINE_LIMIT = 50
FIELD_TEMPLATE = "includes/field.html"
# Empty forms drawn on the page, as HTML: {(form class, language, field names, arguments): html}.
_empty_form_html = {}


def datetime_text(value):
    return date_text(value, "SHORT_DATETIME_FORMAT")


# The page's links to the case's own pages: names in the URLconf, keys in ``case_urls``.
_CASE_LINKS = ("person_edit", "hide", "reveal", "edit", "consent_add", "note_add", "document_add")


def case_urls(case):
    """The page's links to the case's own pages (``core.jinja.url``: each reversed once per process)."""

    return {name: url(f"cases:{name}", case.pk) for name in _CASE_LINKS}


def _sections():
    """The page's lists that are probed for rows: the case's own and every registered panel's.
    Consents need no probe: the page's lists statement reads them (``case_lists``)."""
    return {"notes": CaseNote, "documents": CaseDocument, **panel_sections()}


def _section_probes(actor, case):
    """One EXISTS per list of the page (an indexed probe on the case's foreign key): (SQL, params).
    Notes count only in the categories the actor may read."""
    categories = sorted(policy.readable_note_categories(actor))
    case_id = _case_key(case)
    qn = connection.ops.quote_name
    probes, params = [], []
    for name, model in _sections().items():
        if name == "notes" and not categories:
            probes.append(f"0 AS {qn(name)}")
            continue
        condition = f"{qn('case_id')} = %s"
        params.append(case_id)
        if name == "notes":
            condition += f" AND {qn('category')} IN ({', '.join(['%s'] * len(categories))})"
            params.extend(categories)
        # Only quoted table and column names of our models and %s placeholders go into the text.
        probes.append(f"EXISTS (SELECT 1 FROM {qn(model._meta.db_table)} WHERE {condition}) AS {qn(name)}")  # noqa: S608
    return ", ".join(probes), params


def _table(model, alias):
    qn = connection.ops.quote_name
    return f"{qn(model._meta.db_table)} {qn(alias)}"


def _case_key(case):
    return Case._meta.pk.get_db_prep_value(case.pk, connection)


# The three short lists every case page shows, read as one UNION ALL over these columns: part (0 a
# participation, 1 a timeline event, 2 a consent) and then each part's fields in the slot named here.
_SLOTS = ("id", "agency_id", "code", "flag", "moment", "data", "name", "day1", "day2", "basis", "codes")
_PART_FIELDS = {
    0: (
        CaseParticipant,
        {
            "id": "id",
            "agency_id": "agency_id",
            "code": "role",
            "flag": "is_active",
            "moment": "since",
            "basis": "basis",
        },
    ),
    1: (CaseEvent, {"id": "id", "agency_id": "agency_id", "code": "kind", "moment": "occurred_at", "data": "data"}),
    2: (
        Consent,
        {"id": "id", "flag": "processing", "day1": "given_on", "day2": "withdrawn_on", "codes": "share_with"},
    ),
}
_parts = None


def _part_columns():
    """Per part: its Columns (for the ORM's converters) and, for each of their fields, its slot."""
    global _parts  # noqa: PLW0603 - built once per process
    if _parts is None:
        _parts = {}
        for part, (model, slots) in _PART_FIELDS.items():
            by_field = {field: slot for slot, field in slots.items()}
            columns = Columns(model, "x", list(by_field))
            # Positions in the row after the probes: the part, then the slots.
            _parts[part] = (columns, [1 + _SLOTS.index(by_field[attname]) for attname in columns.attnames])
    return _parts


_lists_sql_by_probes = {}


def _lists_sql(probes):
    sql = _lists_sql_by_probes.get(probes)
    if sql is None:
        sql = _lists_sql_by_probes[probes] = _build_lists_sql(probes)
    return sql


def _build_lists_sql(probes):
    qn = connection.ops.quote_name

    # A slot a part leaves empty holds a NULL of the slot's type: PostgreSQL types a UNION's columns
    # from its first branches, where an untyped NULL would become text.
    types = {"name": Agency._meta.get_field("name").db_type(connection)}
    for model, slots in _PART_FIELDS.values():
        for slot, field in slots.items():
            types.setdefault(slot, model._meta.get_field(field.removesuffix("_id")).db_type(connection))
    types["agency_id"] = CaseParticipant._meta.get_field("agency").target_field.rel_db_type(connection)

    def select(part, **columns):
        return f"SELECT {part} AS part, " + ", ".join(
            f"{columns.get(slot, f'CAST(NULL AS {types[slot]})')} AS {qn(slot)}" for slot in _SLOTS
        )

    participants = select(
        0,
        id="p.id",
        agency_id="p.agency_id",
        code="p.role",
        flag="p.is_active",
        moment="p.since",
        name="a.name",
        basis="p.basis",
    )
    events = select(
        1, id="e.id", agency_id="e.agency_id", code="e.kind", moment="e.occurred_at", data="e.data", name="a.name"
    )
    consents = select(2, id="k.id", flag="k.processing", day1="k.given_on", day2="k.withdrawn_on", codes="k.share_with")
    # Only quoted table and column names of our models and %s placeholders go into the text.
    return (
        f"SELECT s.*, x.* FROM (SELECT {probes}) s LEFT JOIN ("  # noqa: S608
        f"{participants} FROM {_table(CaseParticipant, 'p')} JOIN {_table(Agency, 'a')} ON a.id = p.agency_id "
        "WHERE p.case_id = %s "
        f"UNION ALL {events} FROM (SELECT id, agency_id, kind, occurred_at, data FROM {_table(CaseEvent, 'e0')} "
        f"WHERE case_id = %s ORDER BY occurred_at DESC, id DESC LIMIT {TIMELINE_LIMIT}) e "
        f"LEFT JOIN {_table(Agency, 'a')} ON a.id = e.agency_id "
        f"UNION ALL {consents} FROM {_table(Consent, 'k')} WHERE k.case_id = %s"
        ") x ON 1 = 1"
    )


@dataclass
class CaseLists:
    participants: list
    present: dict
    timeline: list
    consents: list


def case_lists(actor, case):
    """What every case page shows besides the case, in one statement: every participation (active
    first; remembered by the policy for this request), which of the page's other lists have rows (a
    list found empty costs no query of its own), the newest events and the consents. Plain SQL on
    purpose: the ORM would spend longer building it than the database spends answering it."""
    probes, params = _section_probes(actor, case)
    key = _case_key(case)
    with connection.cursor() as cursor:
        execute_prepared(cursor, _lists_sql(probes), [*params, key, key, key])
        fetched = cursor.fetchall()
    names = list(_sections())
    present = {name: bool(value) for name, value in zip(names, fetched[0][: len(names)], strict=True)}
    parts = {0: [], 1: [], 2: []}
    columns = _part_columns()
    for row in fetched:
        rest = row[len(names) :]
        if rest[0] is None:
            continue  # nothing in any list: the probes' one row alone
        part_columns, positions = columns[rest[0]]
        values = part_columns.convert([rest[i] for i in positions])
        values["name"] = rest[1 + _SLOTS.index("name")]
        parts[rest[0]].append(values)
    participations = sorted(parts[0], key=lambda p: (not p["is_active"], p["since"], p["id"]))
    policy.remember_participations(actor, case, [(p["agency_id"], p["role"], p["is_active"]) for p in participations])
    roles, kinds = vocab_labels(vocab.ParticipantRole), registry_labels(event_kinds)
    bases = vocab_labels(vocab.ShareBasis)
    agency_names = {p["agency_id"]: p["name"] for p in participations}
    return CaseLists(
        participants=[
            {
                "agency": p["name"],
                "role": roles.get(p["role"], p["role"]),
                "active": p["is_active"],
                "basis": bases.get(p["basis"], "") if p["basis"] else "",
            }
            for p in participations
        ],
        present=present,
        timeline=[
            {
                "when": datetime_text(e["occurred_at"]),
                "code": e["kind"],
                "kind": kinds.get(e["kind"], e["kind"]),
                "changed": changed_fields(e["kind"], e["data"]) or _participant_named(e, agency_names, roles),
                "agency": e["name"] if e["agency_id"] else "",
            }
            for e in sorted(parts[1], key=lambda e: (e["occurred_at"], e["id"]), reverse=True)
        ],
        consents=consent_rows(parts[2]),
    )


def consent_rows(consents, today=None):
    """The case's consents, those in force first (newest first), then those withdrawn: whether the
    person agreed to processing, the agency types it lets the case be shared with and on what basis
    each of them would see it under the sharing rules in force today, the day given and withdrawn.
    Agency types and their rules are read in one statement, only when a consent names some; nothing
    here names the person."""
    today = today or timezone.localdate()
    codes = sorted({code for k in consents for code in vocab.decode_codes(k["share_with"])})
    recipients = _recipient_labels(codes, today) if codes else {}
    rows = []
    for k in sorted(consents, key=lambda k: (k["given_on"], k["id"]), reverse=True):
        withdrawn = k["withdrawn_on"] is not None and k["withdrawn_on"] <= today
        rows.append(
            {
                "pk": k["id"],
                "processing": k["processing"],
                "given": date_text(k["given_on"]),
                "withdrawn": date_text(k["withdrawn_on"]),
                "in_force": not withdrawn and k["given_on"] <= today,
                "recipients": [recipients.get(code, (code, "")) for code in vocab.decode_codes(k["share_with"])],
            }
        )
    return sorted(rows, key=lambda row: not row["in_force"])


def _recipient_labels(codes, on_date):
    """{agency type code: (its name, the basis it would see a case on today)}: a type the sharing rules
    in force make a legal duty sees it by law; every other type only while a consent names it."""
    duty = in_force(SharingRule, on_date).filter(agency_type_code=OuterRef("code")).order_by("-effective_from")
    rows = AgencyType.objects.filter(code__in=codes).annotate(basis=Subquery(duty.values("basis")[:1]))
    labels = dict(SharingBasis.choices)
    english = (translation.get_language() or "vi").startswith("en")
    return {
        code: (name_en if english else name_vi, str(labels[basis or SharingBasis.CONSENT]))
        for code, name_vi, name_en, basis in rows.values_list("code", "name_vi", "name_en", "basis")
    }


def _participant_named(event, agency_names, roles):
    """For an agency joining or leaving the case, which agency and in what role (from the case's
    participations, already read); else ""."""
    if event["kind"] not in (vocab.EventKind.PARTICIPANT_ADDED, vocab.EventKind.PARTICIPANT_ENDED):
        return ""
    data = event["data"] or {}
    name = agency_names.get(data.get("agency"))
    if not name:
        return ""
    role = data.get("role")
    return f"{name} ({roles.get(role, role)})" if role else name


def note_rows(actor, case, *, revealed):
    """The notes the actor's categories allow; their text (free text, which may name the person) is
    read only when identity is shown (``cases.reveal``)."""
    labels = vocab_labels(vocab.NoteCategory)
    columns = ["category", "created_at", "agency__name"] + (["body"] if revealed else [])
    rows = []
    for values in selectors.case_notes(actor, case).values_list(*columns):
        category, created, agency = values[:3]
        rows.append(
            {
                "category": labels.get(category, category),
                "when": datetime_text(created),
                "agency": agency,
                "body": values[3] if revealed else "",
            }
        )
    return rows


def document_rows(case, *, revealed):
    """The case's documents; a file name (encrypted) is read, and a file offered, only when identity
    is shown: every document may carry the person's identity (``cases.reveal``)."""
    columns = ["pk", "kind", "size", "created_at", "agency__name"] + (["original_name"] if revealed else [])
    kinds = vocab_labels(vocab.DocumentKind)
    rows = []
    for values in CaseDocument.objects.filter(case_id=case.pk).order_by("-created_at", "-id").values_list(*columns):
        pk, kind, size, created, agency = values[:5]
        rows.append(
            {
                "pk": pk,
                "kind": kinds.get(kind, kind),
                "name": values[5] if revealed else "",
                "size": filesizeformat(size),
                "added": datetime_text(created),
                "agency": agency,
                "may_open": revealed,
            }
        )
    return rows


def empty_form_html(form_class, *fields, **arguments):
    """The fields of an empty ``form_class(**arguments)`` (all, or those named) as the page draws them
    (includes/field.html).

    An empty form shows nothing of any case or officer: when its choices are fixed by its class and
    arguments (no queryset), its HTML depends only on those and the language, so each process draws
    it once for each and reuses it without even building the form again (the widgets' templates and
    the copying of the fields were the dearest part of the page otherwise). A form with initial
    values or choices read from the database is drawn every time.
    """
    key = (
        form_class.__module__,
        form_class.__qualname__,
        translation.get_language(),
        fields,
        tuple(sorted((name, _frozen(value)) for name, value in arguments.items())),
    )
    html = _empty_form_html.get(key)
    if html is not None:
        return html
    form = form_class(**arguments)
    html = _render_fields(form, fields)
    if not (
        form.initial or any(field.initial is not None or hasattr(field, "queryset") for field in form.fields.values())
    ):
        _empty_form_html[key] = html
    return html


def _frozen(value):
    if isinstance(value, set | frozenset | list | tuple):
        return tuple(sorted(value))
    return value


def _render_fields(form, fields):
    template = get_template(FIELD_TEMPLATE)
    bound = [form[name] for name in fields] if fields else list(form)
    return mark_safe("".join(template.render({"field": field}) for field in bound))  # noqa: S308 - rendered by the template
