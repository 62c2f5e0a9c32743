"""What the case page shows besides the case itself, read in as few and as narrow queries as it needs.

The page is the most opened one: each list is read once, with only the columns it shows, and turned
into rows of ready strings here (labels, dates), so the template only places them. The participants
read here also answer the access policy's participation questions about this case (no query of
their own).
"""

import uuid

from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from safereturn.access import policy
from safereturn.core.display import date_text
from safereturn.core.sqlrows import Columns, select_list, split_row
from safereturn.directory.models import Agency

from . import documents, selectors, vocab
from .models import Case, CaseDocument, CaseEvent, CaseNote, CaseParticipant, Consent
from .presenters import changed_fields, label_map

TIMELINE_LIMIT = 50
FIELD_TEMPLATE = "includes/field.html"
# Empty forms drawn on the page, as HTML: {(form class, language, field names and choice values): html}.
_empty_form_html = {}


def datetime_text(value):
    return date_text(value, "SHORT_DATETIME_FORMAT")


# The page's links to the case's own pages: (name in the URLconf, key in ``case_urls``).
_CASE_LINKS = ("person_edit", "hide", "reveal", "edit", "consent_add", "note_add", "document_add")
_STAND_IN_CASE_ID = uuid.UUID("00000000-0000-4000-8000-000000000000")


_url_patterns = {}


def case_urls(case):
    """The page's links to the case's own pages. Each is reversed once per process with a stand-in
    case id, which is then replaced (a case id is a UUID: it can stand nowhere else in the path)."""
    from django.urls import get_script_prefix, reverse

    key = get_script_prefix()
    patterns = _url_patterns.get(key)
    if patterns is None:
        patterns = _url_patterns[key] = {
            name: reverse(f"cases:{name}", args=[_STAND_IN_CASE_ID]) for name in _CASE_LINKS
        }
    case_id = str(case.pk)
    return {name: url.replace(str(_STAND_IN_CASE_ID), case_id) for name, url in patterns.items()}


def _date(value):
    return date_text(value)


def _sections():
    from safereturn.identification.models import Evidence, IdentificationDecision, VerificationTask

    return {
        "consents": Consent,
        "notes": CaseNote,
        "documents": CaseDocument,
        "tasks": VerificationTask,
        "evidence": Evidence,
        "decisions": IdentificationDecision,
    }


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


_participant_columns = None


def participants_and_sections(actor, case):
    """Every participation of the case, active first (remembered by the policy for this request), and
    which of the page's lists have rows, in one statement: a list found empty costs no query of its
    own. Plain SQL on purpose: the ORM would spend longer building it than the database answering."""
    global _participant_columns  # noqa: PLW0603 - built once per process
    if _participant_columns is None:
        _participant_columns = (
            Columns(CaseParticipant, "p", ["agency", "role", "is_active"]),
            Columns(Agency, "a", ["name"]),
        )
    participant, agency = _participant_columns
    probes, params = _section_probes(actor, case)
    sql = (
        f"SELECT s.*, {select_list(participant, agency)} FROM (SELECT {probes}) s "  # noqa: S608 - see above
        f"LEFT JOIN ({_table(CaseParticipant, 'p')} JOIN {_table(Agency, 'a')} ON a.id = p.agency_id) "
        "ON p.case_id = %s ORDER BY p.is_active DESC, p.since, p.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _case_key(case)])
        fetched = cursor.fetchall()
    names = list(_sections())
    present = {name: bool(value) for name, value in zip(names, fetched[0][: len(names)], strict=True)}
    rows = []
    for row in fetched:
        p_values, a_values = split_row(row[len(names) :], participant, agency)
        p = participant.convert(p_values)
        if p["id"] is not None:  # else no participation: the probes' one row alone
            rows.append((p, agency.convert(a_values)))
    policy.remember_participations(actor, case, [(p["agency_id"], p["role"], p["is_active"]) for p, _a in rows])
    roles = label_map(vocab.ParticipantRole)
    participants = [
        {"agency": a["name"], "role": str(roles.get(p["role"], p["role"])), "active": p["is_active"]} for p, a in rows
    ]
    return participants, present


class _Read:
    """A statement of the page: its columns (``core.sqlrows``) and its text, built once per process."""

    def __init__(self, build):
        self._build = build
        self._built = None

    def rows(self, params):
        if self._built is None:
            self._built = self._build()
        columns, sql = self._built
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [[c.convert(part) for c, part in zip(columns, split_row(row, *columns), strict=True)] for row in fetched]


def _table(model, alias):
    qn = connection.ops.quote_name
    return f"{qn(model._meta.db_table)} {qn(alias)}"


def _timeline_sql():
    columns = (Columns(CaseEvent, "e", ["kind", "occurred_at", "data", "agency"]), Columns(Agency, "a", ["name"]))
    return columns, (
        f"SELECT {select_list(*columns)} FROM {_table(CaseEvent, 'e')} "  # noqa: S608 - our tables only
        f"LEFT JOIN {_table(Agency, 'a')} ON a.id = e.agency_id WHERE e.case_id = %s "
        f"ORDER BY e.occurred_at DESC, e.id DESC LIMIT {TIMELINE_LIMIT}"
    )


def _consents_sql():
    columns = (Columns(Consent, "k", ["processing", "given_on", "withdrawn_on"]),)
    return columns, (
        f"SELECT {select_list(*columns)} FROM {_table(Consent, 'k')} "  # noqa: S608 - our tables only
        "WHERE k.case_id = %s ORDER BY k.given_on DESC, k.id DESC"
    )


_timeline = _Read(_timeline_sql)
_consents = _Read(_consents_sql)


def _case_key(case):
    return Case._meta.pk.get_db_prep_value(case.pk, connection)


def consent_rows(case):
    return [
        {
            "pk": k["id"],
            "processing": k["processing"],
            "given": _date(k["given_on"]),
            "withdrawn": _date(k["withdrawn_on"]),
        }
        for (k,) in _consents.rows([_case_key(case)])
    ]


def timeline(actor, case):
    """The newest events of the case (``selectors.case_timeline`` reads the whole of it)."""
    kinds = label_map(vocab.EventKind)
    return [
        {
            "when": datetime_text(e["occurred_at"]),
            "code": e["kind"],
            "kind": str(kinds.get(e["kind"], e["kind"])),
            "changed": changed_fields(e["kind"], e["data"]),
            "agency": a["name"] if e["agency_id"] else "",
        }
        for e, a in _timeline.rows([_case_key(case)])
    ]


def note_rows(actor, case):
    labels = label_map(vocab.NoteCategory)
    notes = selectors.case_notes(actor, case).values_list("category", "created_at", "agency__name", "body")
    return [
        {
            "category": str(labels.get(category, category)),
            "when": datetime_text(created),
            "agency": agency,
            "body": body,
        }
        for category, created, agency, body in notes
    ]


def document_rows(case, *, revealed, can_reveal):
    """The case's documents; a file name (encrypted) is read only when identity is shown."""
    columns = ["pk", "kind", "size", "created_at", "agency__name"] + (["original_name"] if revealed else [])
    kinds = label_map(vocab.DocumentKind)
    rows = []
    for values in CaseDocument.objects.filter(case_id=case.pk).order_by("-created_at", "-id").values_list(*columns):
        pk, kind, size, created, agency = values[:5]
        rows.append(
            {
                "pk": pk,
                "kind": str(kinds.get(kind, kind)),
                "name": values[5] if revealed else "",
                "size": filesizeformat(size),
                "added": datetime_text(created),
                "agency": agency,
                "may_open": can_reveal or kind not in documents.IDENTITY_KINDS,
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
