"""Aggregate figures for the officer's territory: counts only, persons counted once,
small cells suppressed. Open to every role; no case can be opened from here."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.core.access_marks import case_data_view
from safereturn.directory.audit import audit_record_for_request

from . import vocab
from .forms import FiguresPeriodForm
from .selectors import list_conditions

BREAKDOWNS = [
    ("status", _("Status"), vocab.CaseStatus),
    ("channel", _("Intake channel"), vocab.Channel),
    ("person_sex", _("Sex"), vocab.Sex),
    ("age_group", _("Age group"), vocab.AgeGroup),
    ("route", _("Route"), vocab.Route),
]


def _rows(queryset, field, choices):
    counts = dict(queryset.values_list(field).annotate(n=Count("person_id", distinct=True)).values_list(field, "n"))
    labels = dict(choices.choices)
    return [
        {
            "label": labels.get(code, code),
            "count": policy.suppress_small(counts.get(code, 0)),
            "raw": counts.get(code, 0),
        }
        for code in labels
    ]


def figures_for(actor, start=None, end=None):
    """The figures of the cases the actor may count, received from ``start`` to ``end`` (dates, both
    days included; either may be None: no bound)."""
    cases = policy.aggregate_cases(actor).filter(**list_conditions({"received_from": start, "received_to": end}))
    total_persons = cases.values("person_id").distinct().count()
    tables = [{"title": title, "rows": _rows(cases, field, choices)} for field, title, choices in BREAKDOWNS]
    exploitation = []
    for code, label in vocab.ExploitationForm.choices:
        n = cases.filter(exploitation_forms__contains=f"|{code}|").values("person_id").distinct().count()
        exploitation.append({"label": label, "count": policy.suppress_small(n), "raw": n})
    tables.append({"title": _("Form of exploitation"), "rows": exploitation})
    return {"total_persons": policy.suppress_small(total_persons), "tables": tables}


@case_data_view
@login_required
def figures(request):
    actor = policy.actor_for_request(request)
    if actor is None:
        raise PermissionDenied
    form = FiguresPeriodForm(request.GET or None)
    start, end = form.period()
    # A period that does not make sense shows its error and no figures (not those of another period).
    data = figures_for(actor, start, end) if not form.errors else {"total_persons": None, "tables": []}
    audit_record_for_request(request, action=AuditAction.VIEW, object_type="case_figures")
    return render(
        request,
        "cases/figures.html",
        {
            **data,
            "form": form,
            "start": start,
            "end": end,
            "valid": not form.errors,
            "agency": actor.agency,
            "threshold": policy.SMALL_CELL_THRESHOLD,
        },
    )
