"""After ``migrate``: the rule rows of ``seed`` that are missing (a test database built from the models,
SQLite, gets them here; one built by the migrations from ``0002_seed_rules``)."""

from . import seed
from .models import ReferralResponseRule


def load_rules(sender, using="default", **kwargs):
    if not ReferralResponseRule.objects.using(using).exists():
        seed.load(ReferralResponseRule)
