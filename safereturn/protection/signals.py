"""The protection rule rows are loaded after every ``migrate`` (``rules.loaders``) as well as by the data
migration: a test database built from the models (SQLite, see conftest.py) has them too. Missing rows only:
a row an administrator changed is never overwritten."""

from . import seed
from .models import ProtectionMeasureType, ProtectionTiming


def load_rules(using="default"):
    return seed.load(ProtectionMeasureType, ProtectionTiming)
