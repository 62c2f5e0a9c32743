"""The stay cap rows: 120 days of essential needs from 1 July 2025 (Decree 162/2025/NĐ-CP), 3 months of
food in a facility before (Decree 09/2013/NĐ-CP, Circular 84/2019/TT-BTC). Seeded from
``safereturn.shelters.seed``, every row "to confirm"."""

from django.db import migrations


def seed(apps, schema_editor):
    from safereturn.shelters import seed as shelters_seed

    shelters_seed.load_caps(apps.get_model("shelters", "StayCapRule"))


class Migration(migrations.Migration):
    dependencies = [("shelters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
