"""What the case list page shows, as ready strings (the page is a Jinja2 template, like the case page).

The filter form is still a Django form (it validates the query); only its drawing is done here, from
choices built once per process and language: Django's widget templates took longer to draw the
form's hundred options than the database took to find the page's cases.
"""

from django import forms as django_forms
from django.utils import translation
from django.utils.translation import ngettext
from markupsafe import Markup

from safereturn.access.policy import mask_name
from safereturn.core.display import choice_labels, date_text
from safereturn.core.jinja import url

from .models import Case

# {(form class, field name, scope, language, chosen value): options HTML}: fixed choices, drawn once
# each. ``scope`` is the field's ``options_scope`` (the province, for choices that depend on it), else None.
_options = {}


def options_html(choices, chosen):
    """``<option>`` elements as Django's Select draws them, the chosen value selected."""
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(value, Markup(" selected") if value == chosen else "", text)
        for value, text in choices
    )


def _fixed_options(form, name, chosen):
    key = (type(form), name, getattr(form.fields[name], "options_scope", None), translation.get_language(), chosen)
    found = _options.get(key)
    if found is None:
        choices = [(str(value), str(text)) for value, text in form.fields[name].choices]
        found = options_html(choices, chosen)
        if any(value == chosen for value, _text in choices):  # not kept for values nobody offered
            _options[key] = found
    return found


def _input(field):
    """The type and attributes of a text-like input, as Django's widget would draw them."""
    widget = field.widget
    attrs = dict(widget.attrs)
    if isinstance(field, django_forms.CharField) and field.max_length is not None:
        attrs.setdefault("maxlength", str(field.max_length))
    if isinstance(field, django_forms.IntegerField) and field.min_value is not None:
        attrs.setdefault("min", str(field.min_value))
    return widget.input_type, tuple(attrs.items())


def filter_fields(form, agencies, *, skip=("sort",)):
    """The filter form's fields for the template: name, id, label, value, options (HTML; None for an
    input), input type and attributes, errors. ``agencies`` are (pk, name) for the receiving-agency field."""
    fields = []
    for name, field in form.fields.items():
        if name in skip:
            continue
        bound = form[name]
        value = bound.value()
        entry = {
            "name": name,
            "id": bound.auto_id,
            "label": bound.label,
            "value": "" if value is None else str(value),
            "errors": list(form.errors.get(name, ())) if form.is_bound else [],
            "options": None,
        }
        if isinstance(field, django_forms.ModelChoiceField):
            choices = [("", field.empty_label), *((str(pk), agency_name) for pk, agency_name in agencies)]
            entry["options"] = options_html(choices, entry["value"])
        elif isinstance(field, django_forms.ChoiceField):
            entry["options"] = _fixed_options(form, name, entry["value"])
        else:
            entry["type"], entry["attrs"] = _input(field)
        fields.append(entry)
    return fields


def count_text(count):
    return ngettext("%(counter)s case", "%(counter)s cases", count) % {"counter": count}


def case_rows(cases):
    """One row per case (``selectors.case_list`` values): the person masked (only the name was
    decrypted, for its initials), labels in the active language."""
    sexes, ages = choice_labels(Case, "person_sex"), choice_labels(Case, "age_group")
    channels, statuses = choice_labels(Case, "channel"), choice_labels(Case, "status")
    rows = []
    for values in cases:
        case = values[""]
        rows.append(
            {
                "url": url("cases:detail", case["id"]),
                "number": case["number"],
                "name": mask_name(values["person"]["full_name"]),
                "sex": sexes.get(case["person_sex"], case["person_sex"]),
                "age_group": ages.get(case["age_group"], case["age_group"]),
                "channel": channels.get(case["channel"], case["channel"]),
                "received": date_text(case["received_at"]),
                "agency": values["receiving_agency"]["name"],
                "status": statuses.get(case["status"], case["status"]),
            }
        )
    return rows
