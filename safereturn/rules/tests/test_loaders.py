"""One registry of rule loaders (``rules.loaders``): the apps' seeded rule rows come back after ``migrate``
through it, each app's loaders for that app only, missing rows only."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models.signals import post_migrate

from safereturn.protection.models import ProtectionMeasureType
from safereturn.reintegration.models import FollowUpVisitRule, PlanReviewRule
from safereturn.rules.loaders import RuleLoader, load_after_migrate, rule_loaders
from safereturn.shelters.models import StayCapRule

pytestmark = pytest.mark.django_db


def test_the_apps_register_their_loaders_once():
    assert {"shelters", "reintegration", "protection"} <= set(rule_loaders.names())
    with pytest.raises(ValueError):
        rule_loaders.register("shelters", RuleLoader("shelters", lambda using: 0))


def test_the_post_migrate_signal_brings_the_rows_back():
    StayCapRule.objects.all().delete()
    config = apps.get_app_config("shelters")
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default", apps=apps, plan=[]
    )
    assert StayCapRule.objects.count() == 2


@pytest.mark.parametrize(
    ("label", "models"),
    [
        ("shelters", (StayCapRule,)),
        ("reintegration", (PlanReviewRule, FollowUpVisitRule)),
        ("protection", (ProtectionMeasureType,)),
    ],
)
def test_after_migrate_an_apps_missing_rows_come_back_and_nothing_else_is_touched(label, models):
    counts = {m: m.objects.count() for m in models}
    assert all(counts.values()), "the test database has the seeded rows"
    for model in models:
        model.objects.all().delete()
    others = StayCapRule.objects.count() if label != "shelters" else PlanReviewRule.objects.count()
    created = load_after_migrate(apps.get_app_config(label))
    assert created == sum(counts.values())
    assert {m: m.objects.count() for m in models} == counts
    assert load_after_migrate(apps.get_app_config(label)) == 0  # missing rows only: idempotent
    assert (StayCapRule.objects.count() if label != "shelters" else PlanReviewRule.objects.count()) == others


def test_a_changed_row_is_never_overwritten():
    rule = StayCapRule.objects.order_by("-effective_from").first()
    StayCapRule.objects.filter(pk=rule.pk).update(warn_days=21)
    assert load_after_migrate(apps.get_app_config("shelters")) == 0
    assert StayCapRule.objects.get(pk=rule.pk).warn_days == 21


def test_load_rules_runs_every_registered_loader(capsys):
    StayCapRule.objects.all().delete()
    PlanReviewRule.objects.all().delete()
    call_command("load_rules")
    out = capsys.readouterr().out
    assert "shelters rules: 2 created" in out and "reintegration rules:" in out
    assert StayCapRule.objects.count() == 2 and PlanReviewRule.objects.exists()
