"""The one error vocabulary of SafeReturn's services.

Services raise these (and Django's ``ValidationError`` for bad input, with a message per field);
pages and the API map them in one place each: ``core.page_actions`` for pages, ``core.api.
exception_handler`` for the API. Every message is translatable and says what the officer can do.

- ``Denied``: the policy refuses this actor this action. Page and API: 403 with its message.
- ``NotFound``: no such record, or one the actor may not know of. Page and API: 404.
- ``Conflict``: someone else saved the record first (a stale version). Page: the message, nothing
  saved. API: 409 with the message.
- ``StateError``: the record is not in a state that allows the step. Page: the message. API: 409.
- ``TooMany``: the officer did this too often in a short while (a rate limit). Page: the message.
  API: 429 with the message.
- Django's ``ValidationError``: bad input, by field. Page: errors on the form. API: 400, by field.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refusal a service explains to the officer. ``message`` is shown as it is (translated)."""

    default_message = _("This could not be done.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class Denied(DomainError, PermissionDenied):
    """The access policy refuses this action to this actor, who may know the record exists (403).

    A Django ``PermissionDenied``: a page that lets it through answers 403 like any refusal."""

    default_message = _("Your role does not allow this.")


class NotFound(DomainError, Http404):
    """No such record, or one the policy does not let the actor know of: the same answer (404), so a
    refusal never tells that a record exists. A Django ``Http404``."""

    default_message = _("Not found.")


class Conflict(DomainError):
    """Someone else saved this record first: the second save is refused, nothing is lost."""

    default_message = _(
        "Someone else changed this record while you were editing it. Your changes were not saved: "
        "reload the page to see the latest version, then make your changes again."
    )


class StateError(DomainError):
    """The record is not in a state that allows this step (a closed tip, a case not under verification...)."""

    default_message = _("This record can no longer be changed that way.")


class TooMany(DomainError):
    """The officer did this too often within a window (a rate limit): refused for now, not for good."""

    default_message = _("You have done this too many times in a short while. Wait a few minutes and try again.")
