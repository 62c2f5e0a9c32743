"""Running a service from a page: the page side of the error vocabulary (``core.errors``).

A page calls ``page_action(lambda: service(...), form=form)``. On success it gets the service's
result; otherwise the refusal is put where the officer sees it and nothing was saved:

- bad input (``ValidationError``) goes on the form, field by field (or on top when it names none);
- a stale version (``Conflict``), a step the record's state does not allow (``StateError``) or a rate
  limit reached (``TooMany``) goes on top of the form, and is returned too (``error``) for a page that
  would rather show it as a message;
- a refusal of the policy (``Denied``, a ``PermissionDenied``) is a 403 with its message, and
  ``NotFound`` (an ``Http404``) a 404: they pass through to Django, which answers them.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from . import errors


@dataclass
class ActionResult:
    ok: bool
    value: object = None
    # The message of a refusal that is not about the input (a stale version, a closed record), or of
    # any refusal when there was no form to put it on: the page may show it and reload.
    error: object = None

    def __bool__(self):
        return self.ok


def add_errors(form, exc):
    """Put a service's ``ValidationError`` on the form: by field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def page_action(call, *, form=None):
    """Run ``call()`` (a service call) for a page; see the module's docstring."""
    try:
        return ActionResult(True, call())
    except ValidationError as exc:
        if form is None:
            return ActionResult(False, error=" ".join(exc.messages))
        add_errors(form, exc)
        return ActionResult(False)
    except (errors.Conflict, errors.StateError, errors.TooMany) as exc:
        if form is not None:
            form.add_error(None, exc.message)
        return ActionResult(False, error=exc.message)
