"""The competence "coordinate": which agency type leads the province's work for victims (the lead agency
that notifications fall back to when an agency has nobody to tell).

Seeded from ``safereturn.rules.seed.coordination_rows`` (also loaded by ``manage.py load_rules``): the
provincial health department from 1 March 2025, under Law 53/2024/QH15 and the 2025 transfer of social
protection to the health sector, marked "to confirm" (verified=False) until the exact decree is checked.
"""

from django.db import migrations, models


def seed(apps, schema_editor):
    from safereturn.rules import seed as rules_seed

    rules_seed.load_coordination(apps.get_model("rules", "AgencyCompetenceRule"))


class Migration(migrations.Migration):

    dependencies = [
        ('rules', '0004_seed_public_holidays'),
    ]

    operations = [
        migrations.AlterField(
            model_name='agencycompetencerule',
            name='action',
            field=models.CharField(choices=[('verify', 'Verify'), ('identify', 'Identify victims'), ('issue_victim_certificate', 'Issue the victim confirmation'), ('issue_return_certificate', 'Issue the certificate of return'), ('coordinate', "Lead the province's work for victims")], max_length=30, verbose_name='action'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
