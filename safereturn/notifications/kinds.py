"""The registry of notification kinds.

An app that sends notifications declares each kind once, from its ``AppConfig.ready``::

    from django.utils.translation import gettext_lazy as _
    from safereturn.notifications import kinds

    kinds.register(
        kinds.NotificationKind(
            code="verification_overdue",
            label=_("Verification task overdue"),
            message=_("The verification task (%(task_kind)s) on case %(number)s is overdue: it was due %(due)s."),
            params=("task_kind", "number", "due"),
            present=lambda p: {"task_kind": TaskKind(p["task_kind"]).label},  # a code shown as its label
        )
    )

A notification stores the kind's code and its parameters, never the sentence: the sentence is drawn
when it is shown, in the reader's language (``kind.render(params)``). The message may use only the
parameters the kind declares, which are plain values (ids, case numbers, agency names, ISO dates,
codes), so no notification can carry a victim's identity.
"""

import dataclasses
import datetime
import re
from collections.abc import Callable

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safereturn.core.display import date_text

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdif]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class UnknownKind(LookupError):
    """No notification kind is registered under this code."""


class KindAlreadyRegistered(ValueError):
    """Another kind is already registered under this code."""


def _source(text):
    """The untranslated text of a (lazy) translatable string: its msgid."""
    with translation.override(None):
        return str(text)


def _display(value):
    """A stored parameter as a sentence shows it: ISO dates as dd/mm/yyyy (times in local time)."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            if _ISO_DATE.match(value):
                return date_text(datetime.date.fromisoformat(value))
            if _ISO_DATETIME.match(value):
                moment = datetime.datetime.fromisoformat(value)
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment)
                return date_text(moment, "SHORT_DATETIME_FORMAT")
        except ValueError:
            return value
    return value


@dataclasses.dataclass(frozen=True)
class NotificationKind:
    """One kind of notification.

    ``message`` is a lazy translatable template with ``%(name)s`` placeholders, each of them one of
    ``params``. ``email_default`` says whether officers get it by e-mail unless they turn that off;
    a ``mandatory`` kind (emergency access used, danger alerts) always goes by e-mail and cannot be
    turned off. ``present``, if given, takes the stored parameters and returns the ones to show
    differently (e.g. a code as its label in the reader's language); it runs when the message is shown.
    """

    code: str
    label: str
    message: str
    params: tuple = ()
    email_default: bool = True
    mandatory: bool = False
    present: Callable | None = None

    def __post_init__(self):
        object.__setattr__(self, "params", tuple(self.params))
        if not _CODE.match(self.code or ""):
            raise ValueError(f"notification kind code {self.code!r}: lower-case letters, digits and _ only")
        if len(set(self.params)) != len(self.params) or not all(isinstance(p, str) for p in self.params):
            raise ValueError(f"notification kind {self.code!r}: params must be distinct names")
        source = _source(self.message).replace("%%", "")
        if "%" in _PLACEHOLDER.sub("", source):
            raise ValueError(f"notification kind {self.code!r}: use only named placeholders, e.g. %(number)s")
        used = set(_PLACEHOLDER.findall(source))
        undeclared = used - set(self.params)
        if undeclared:
            raise ValueError(
                f"notification kind {self.code!r}: the message uses undeclared parameters {sorted(undeclared)}"
            )

    def render(self, params):
        """The message in the active language, from the stored parameters (declared names only)."""
        params = params or {}
        values = {name: _display(params.get(name)) for name in self.params}
        if self.present is not None:
            values.update(self.present(dict(params)) or {})
        try:
            return str(self.message) % values
        except (KeyError, ValueError, TypeError):
            # A translation that names a parameter the kind does not declare (or mangles a
            # placeholder): show the original sentence rather than nothing.
            return _source(self.message) % values


_registry: dict[str, NotificationKind] = {}


def register(kind):
    """Add a kind to the registry; a second kind with the same code is refused."""
    if not isinstance(kind, NotificationKind):
        raise TypeError("register() takes a NotificationKind")
    if kind.code in _registry:
        raise KindAlreadyRegistered(f"a notification kind {kind.code!r} is already registered")
    _registry[kind.code] = kind
    return kind


def label_of(code):
    """A kind's label in the active language (the code itself if no kind has it)."""
    kind = _registry.get(code)
    return kind.label if kind is not None else code


def unregister(code):
    """Remove a kind (for tests). Unknown codes are ignored."""
    _registry.pop(code, None)


def get(code):
    try:
        return _registry[code]
    except KeyError:
        raise UnknownKind(f"no notification kind {code!r} is registered") from None


def all_kinds():
    """Every registered kind, in the order they were registered."""
    return tuple(_registry.values())


def render(code, params):
    """The message of a stored notification in the active language; a plain sentence if its kind is
    no longer registered (the row stays readable)."""
    try:
        kind = get(code)
    except UnknownKind:
        return _("A notification (%(kind)s).") % {"kind": code}
    return kind.render(params)
