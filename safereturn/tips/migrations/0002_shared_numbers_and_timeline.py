"""Tip numbers move to the shared sequence table; the tip timeline is a ``TimelineEvent`` (``at`` is
now ``occurred_at``, kinds without choices)."""

from django.conf import settings
from django.db import migrations, models


def copy_tip_numbers(apps, schema_editor):
    """Carry the last numbers given over to the shared sequence table (core.NumberSequence)."""
    Old = apps.get_model("tips", "TipNumberSequence")
    NumberSequence = apps.get_model("core", "NumberSequence")
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(series="tip", scope=str(row.province_id), year=row.year, last=row.last)
            for row in Old.objects.all()
        ],
        ignore_conflicts=True,
    )


def restore_tip_numbers(apps, schema_editor):
    Old = apps.get_model("tips", "TipNumberSequence")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for row in NumberSequence.objects.filter(series="tip"):
        Old.objects.update_or_create(province_id=int(row.scope), year=row.year, defaults={"last": row.last})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('directory', '0001_initial'),
        ('tips', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(copy_tip_numbers, restore_tip_numbers),
        migrations.AlterModelOptions(
            name='tipevent',
            options={'ordering': ['-occurred_at', '-id']},
        ),
        migrations.RemoveIndex(
            model_name='tipevent',
            name='tips_tipeve_tip_id_a362d4_idx',
        ),
        migrations.RenameField(
            model_name='tipevent',
            old_name='at',
            new_name='occurred_at',
        ),
        migrations.AlterField(
            model_name='tipevent',
            name='kind',
            field=models.CharField(max_length=40),
        ),
        migrations.AddIndex(
            model_name='tipevent',
            index=models.Index(fields=['tip', '-occurred_at'], name='tips_tipeve_tip_id_91c3d8_idx'),
        ),
        migrations.DeleteModel(
            name='TipNumberSequence',
        ),
    ]
