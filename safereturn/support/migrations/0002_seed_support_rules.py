from django.db import migrations


def seed(apps, schema_editor):
    from safereturn.support import seed as support_seed

    support_seed.load(
        apps.get_model("support", "SupportRegime"),
        apps.get_model("support", "EntitlementItem"),
        apps.get_model("support", "SupportRate"),
        apps.get_model("geo", "Province"),
    )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial"), ("geo", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
