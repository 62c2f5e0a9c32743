"""What every API endpoint shares: the exception handler that maps the error vocabulary
(``core.errors``) to HTTP, and input serializers that validate with the pages' forms.

One input style: every endpoint validates its body with an input serializer (``serializer.is_valid
(raise_exception=True)``) and answers with an output serializer. Where a page's form holds the rules
(dates typed as dd/mm/yyyy, a commune in its province...), the input serializer is a
``FormInputSerializer``: its declared fields describe the body for the OpenAPI schema, and the form
decides, so the API and the page can never disagree.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import errors


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
    return drf_exception_handler(exc, context)


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


class FormInputSerializer(serializers.Serializer):
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
