"""Labels and dates as pages show them, from tables built once per process and language.

Django's ``get_FOO_display`` rebuilds a dictionary of the field's choices on every call, and its
``date`` formatting parses the format on every call; the case page shows a dozen of each.
"""

from django.utils import formats, timezone, translation

_labels = {}
_strftime = {}
# Django date-format letters that have a plain strftime equivalent (dd/mm/yyyy HH:MM and the like).
_SIMPLE = {"d": "%d", "m": "%m", "Y": "%Y", "H": "%H", "i": "%M", "s": "%S", "y": "%y"}


def _table(key, pairs):
    table = _labels.get(key)
    if table is None:
        table = _labels[key] = {value: str(text) for value, text in pairs()}
    return table


def choice_labels(model, field_name):
    """{value: label} of a model field's choices, in the active language."""
    key = (model, field_name, translation.get_language())
    return _table(key, lambda: model._meta.get_field(field_name).flatchoices)


def vocab_labels(choices_cls):
    """{value: label} of a choices class of ``vocab`` (codes kept in a list field, not a field's
    choices), in the active language."""
    return _table((choices_cls, translation.get_language()), lambda: choices_cls.choices)


def registry_labels(registry):
    """{code: label} of a ``core.registry.Registry`` of translatable labels, in the active language."""
    return _table((id(registry), registry.version, translation.get_language()), registry.items)


def label(instance, field_name):
    """What ``instance.get_<field_name>_display()`` gives, in the active language."""
    value = getattr(instance, field_name)
    return choice_labels(type(instance), field_name).get(value, value)


def _strftime_for(format_name):
    key = (format_name, translation.get_language())
    found = _strftime.get(key, False)
    if found is False:
        django_format = formats.get_format(format_name)
        parts = []
        for char in django_format:
            if char in _SIMPLE:
                parts.append(_SIMPLE[char])
            elif char.isalpha() or char in "\\%":
                parts = None  # a letter strftime cannot say the same way: Django formats it
                break
            else:
                parts.append(char)
        found = _strftime[key] = "".join(parts) if parts is not None else None
    return found


def date_text(value, format_name="SHORT_DATE_FORMAT"):
    """A date or time in the active language's format (dd/mm/yyyy in both), times in local time;
    "" for no value. Same text as Django's ``date`` filter."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    pattern = _strftime_for(format_name)
    return value.strftime(pattern) if pattern is not None else formats.date_format(value, format_name)
