from django.db import migrations


def seed(apps, schema_editor):
    from safereturn.protection import seed as protection_seed

    protection_seed.load(apps.get_model("protection", "ProtectionMeasureType"), apps.get_model("protection", "ProtectionTiming"))


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
