"""Case numbers move to the shared sequence table; the timeline's kinds come from the apps that write them
(no choices on the column, so a new kind needs no migration)."""

from django.db import migrations, models


def copy_case_numbers(apps, schema_editor):
    """Carry the last numbers given over to the shared sequence table (core.NumberSequence)."""
    Old = apps.get_model("cases", "CaseNumberSequence")
    NumberSequence = apps.get_model("core", "NumberSequence")
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(series="case", scope=str(row.province_id), year=row.year, last=row.last)
            for row in Old.objects.all()
        ],
        ignore_conflicts=True,
    )


def restore_case_numbers(apps, schema_editor):
    Old = apps.get_model("cases", "CaseNumberSequence")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for row in NumberSequence.objects.filter(series="case"):
        Old.objects.update_or_create(province_id=int(row.scope), year=row.year, defaults={"last": row.last})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('cases', '0012_participant_list_copies'),
    ]

    operations = [
        migrations.AlterField(
            model_name='caseevent',
            name='kind',
            field=models.CharField(max_length=40),
        ),
        migrations.RunPython(copy_case_numbers, restore_case_numbers),
        migrations.DeleteModel(
            name='CaseNumberSequence',
        ),
    ]
