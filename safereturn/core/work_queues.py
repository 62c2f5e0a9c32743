"""Work queues: what an officer has to do by a date, gathered from every app that gives such work.

An app registers a provider in its ``AppConfig.ready``: ``providers.register(name, provider)``, where
``provider(actor, scope)`` returns the actor's open items (``scope``: ``"officer"`` for their own and
those assigned to nobody, ``"agency"`` for the whole agency's). An item has a ``due_date`` and renders
itself as a safe link (``__html__``). The home page shows them grouped by ``group_by_due_date``; the
"my work" page (``all_items``) lists every one of them, whatever its due date.
"""

import datetime

from django.utils import timezone

from .registry import Registry

providers = Registry("work queue")
WEEK = datetime.timedelta(days=7)


def group_by_due_date(items, *, today=None):
    """``{"overdue", "due_today", "due_this_week"}`` → the items in each, earliest first; later ones are left out."""
    today = today or timezone.localdate()
    queues = {"due_today": [], "due_this_week": [], "overdue": []}
    for item in sorted(items, key=lambda item: item.due_date):
        if item.due_date < today:
            queues["overdue"].append(item)
        elif item.due_date == today:
            queues["due_today"].append(item)
        elif item.due_date <= today + WEEK:
            queues["due_this_week"].append(item)
    return queues


def all_items(actor, *, scope="officer"):
    """Every registered provider's items for ``actor``, earliest due first, none left out."""
    return sorted((item for provider in providers for item in provider(actor, scope)), key=lambda item: item.due_date)


def work_queues(actor, *, scope="officer", today=None):
    """Every registered provider's items for ``actor``, grouped by due date."""
    return group_by_due_date(all_items(actor, scope=scope), today=today)
