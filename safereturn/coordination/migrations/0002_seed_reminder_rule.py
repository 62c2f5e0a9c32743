"""The action item reminder rule: 3 days before the due date, seeded "to confirm" (an operational choice)."""

from django.db import migrations


def seed(apps, schema_editor):
    from safereturn.coordination import seed as coordination_seed

    coordination_seed.load_reminder_rules(apps.get_model("coordination", "ActionReminderRule"))


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
