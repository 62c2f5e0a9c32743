"""What every API endpoint shares: the exception handler that maps the error vocabulary
(``core.errors``) to HTTP, and input serializers that validate with the pages' forms.

One input style: every endpoint validates its body with an input serializer (``serializer.is_valid
(raise_exception=True)``) and answers with an output serializer. Where a page's form holds the rules
(dates typed as dd/mm/yyyy, a commune in its province...), the input serializer is a
``FormInputSerializer``: its declared fields describe the body for the OpenAPI schema, and the form
decides, so the API and the page can never disagree.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import errors
from .bounds import INTEGER_MAX, INTEGER_MIN

# The longest free text a field without a limit of its own accepts.
TEXT_MAX_LENGTH = 5000


def _field_errors(exc):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: the error vocabulary as HTTP answers.

    A record the policy hides is a 404 like one that does not exist; a refusal is a 403 with its
    message; a stale version or a step the record's state does not allow is a 409
    with its message; bad input is a 400 with a message per field."""
    if isinstance(exc, errors.Denied):
        exc = exceptions.PermissionDenied(str(exc.message))
    elif isinstance(exc, errors.NotFound):
        exc = exceptions.NotFound()
    elif isinstance(exc, errors.Conflict | errors.StateError):
        return Response({"detail": str(exc.message)}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, errors.TooMany):
        return Response({"detail": str(exc.message)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_field_errors(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, OverflowError):
        # A number or a date past what Python or the database can hold, from a request's input that no
        # field's bounds caught: the client's mistake (400), not the server's.
        message = _("A number or a date in the request is out of range.")
        exc = exceptions.ValidationError({"non_field_errors": [message]})
    return drf_exception_handler(exc, context)


def _bound(field):
    """Give a field without limits the API's defaults: whole numbers within ``core.bounds``' range,
    free text at most ``TEXT_MAX_LENGTH`` characters (also shown in the schema)."""
    if isinstance(field, serializers.ListField | serializers.DictField) and field.child is not None:
        _bound(field.child)
    elif isinstance(field, serializers.IntegerField):
        if field.max_value is None:
            field.max_value = INTEGER_MAX
            message = field.error_messages["max_value"].format(max_value=INTEGER_MAX)
            field.validators.append(MaxValueValidator(INTEGER_MAX, message=message))
        if field.min_value is None:
            field.min_value = INTEGER_MIN
            message = field.error_messages["min_value"].format(min_value=INTEGER_MIN)
            field.validators.append(MinValueValidator(INTEGER_MIN, message=message))
    elif type(field) in (serializers.CharField, serializers.EmailField) and field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH
        message = field.error_messages["max_length"].format(max_length=TEXT_MAX_LENGTH)
        field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH, message=message))


class InputSerializer(serializers.Serializer):
    """The base of every serializer that reads a request body.

    - A field the endpoint does not take is refused (400, naming it), not silently ignored: a
      misspelt or misplaced field would otherwise look saved.
    - Whole numbers and free text without limits of their own get the API's defaults (``_bound``):
      a number no column holds, or a megabyte of text, is a 400 rather than a server error."""

    unknown_field_message = gettext_lazy("This field is not accepted here. Remove it or check its spelling.")

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            _bound(field)
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            accepted = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in accepted)
            if unknown:
                raise serializers.ValidationError({key: [self.unknown_field_message] for key in unknown})
        return super().to_internal_value(data)


def form_data(payload):
    """A JSON object as form data: lists stay lists (multiple choices), ``true`` ticks a checkbox and
    ``false`` leaves it empty, as a browser would send them."""
    data = MultiValueDict()
    for key, value in payload.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


class FormInputSerializer(InputSerializer):
    """An input serializer whose rules are a page's form.

    Subclasses set ``form_class`` (and ``form_kwargs(self)`` for what the form takes, from
    ``self.context``) and declare fields for the schema. The declared fields check the body's shape
    (types, choices); the form then validates the whole body, and ``validated_data`` is the form's
    ``cleaned_data``. Errors are a 400 with the form's messages, field by field."""

    form_class = None

    def form_kwargs(self):
        return {}

    def form_input(self, data):
        """What the form is given: the body (a partial update merges the record's current values)."""
        return data

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        super().to_internal_value(data)  # the shape: types and choices, with DRF's messages
        form = self.form_class(form_data(self.form_input(data)), **self.form_kwargs())
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): [str(e) for e in messages]
                    for field, messages in form.errors.items()
                }
            )
        return form.cleaned_data
