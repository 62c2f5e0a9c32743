from django.db import migrations

from safereturn.referrals import seed


def load_rules(apps, schema_editor):
    seed.load(apps.get_model("referrals", "ReferralResponseRule"))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(load_rules, migrations.RunPython.noop)]
