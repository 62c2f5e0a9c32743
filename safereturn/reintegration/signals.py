"""After ``migrate`` (``rules.loaders``): the rule rows of ``seed`` that are missing. The data migration
writes them on a database built by the migrations; a test database built from the models (SQLite, see
conftest.py) gets them here."""

from . import seed
from .models import FollowUpVisitRule, PlanReviewRule


def load_rules(using="default"):
    if not PlanReviewRule.objects.using(using).exists() or not FollowUpVisitRule.objects.using(using).exists():
        return seed.load(PlanReviewRule, FollowUpVisitRule)
    return 0
