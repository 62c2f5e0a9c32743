"""The case timeline's kinds of event, from every app that writes on it.

``cases`` registers its own kinds (``vocab.EventKind``); identification, tips and the apps to come
register theirs in their ``AppConfig.ready``, so a new step elsewhere needs no change here and no
migration of the timeline table.
"""

from safereturn.core.registry import Registry

event_kinds = Registry("case event kind")


def register_event_kinds(choices):
    """Register every kind of a ``TextChoices`` class (code → translatable label)."""
    for value, label in choices.choices:
        event_kinds.register(value, label)
