"""One registry of the loaders that put an app's seeded rule rows into the database after ``migrate``.

The data migrations write the seeded rows on a database built by the migrations; a database built from the
models (the SQLite test database) runs no data migration, so each app's rows are also loaded after
``migrate``. An app registers its loader here from its ``AppConfig.ready``
(``rule_loaders.register(label, RuleLoader(label, load))``); the rules app connects one ``post_migrate``
handler that runs, for the app just migrated, the loaders it registered. A loader adds the missing rows
only: a row an administrator changed is never overwritten. ``manage.py load_rules`` runs them all too.
"""

from dataclasses import dataclass
from typing import Any

from safereturn.core.registry import Registry


@dataclass(frozen=True)
class RuleLoader:
    """``load(using)`` adds the app's missing rule rows on the database ``using`` and returns how many."""

    app_label: str
    load: Any


rule_loaders = Registry("rule loader")


def load_after_migrate(sender, using="default", **_kwargs):
    """``post_migrate`` (sent once per app): the loaders of the app just migrated."""
    return sum(loader.load(using) or 0 for loader in rule_loaders if loader.app_label == sender.label)


def load_all(using="default"):
    """Every registered loader, in registration order; the rows created by each app."""
    return {name: loader.load(using) or 0 for name, loader in rule_loaders.items()}
