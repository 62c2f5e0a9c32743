from django.db import migrations

from safereturn.reintegration import seed


def load_rules(apps, schema_editor):
    seed.load(apps.get_model("reintegration", "PlanReviewRule"), apps.get_model("reintegration", "FollowUpVisitRule"))


class Migration(migrations.Migration):
    dependencies = [("reintegration", "0001_initial")]

    operations = [migrations.RunPython(load_rules, migrations.RunPython.noop)]
