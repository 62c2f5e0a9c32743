from django.db import migrations


def seed(apps, schema_editor):
    from safereturn.rules import seed as rules_seed

    rules_seed.load(apps.get_model("rules", "DeadlineRule"), apps.get_model("rules", "AgencyCompetenceRule"))


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
