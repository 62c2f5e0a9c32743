"""Document numbers (decisions, certificates) move to the shared sequence table."""

from django.db import migrations


def copy_document_numbers(apps, schema_editor):
    """Carry the last numbers given over to the shared sequence table (core.NumberSequence)."""
    Old = apps.get_model("identification", "IssuedDocumentNumber")
    NumberSequence = apps.get_model("core", "NumberSequence")
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(series=f"document:{row.kind}", scope=str(row.agency_id), year=row.year, last=row.last)
            for row in Old.objects.all()
        ],
        ignore_conflicts=True,
    )


def restore_document_numbers(apps, schema_editor):
    Old = apps.get_model("identification", "IssuedDocumentNumber")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for row in NumberSequence.objects.filter(series__startswith="document:"):
        Old.objects.update_or_create(agency_id=int(row.scope), year=row.year, kind=row.series.removeprefix("document:"), defaults={"last": row.last})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('identification', '0003_retag_timeline_events'),
    ]

    operations = [
        migrations.RunPython(copy_document_numbers, restore_document_numbers),
        migrations.DeleteModel(
            name='IssuedDocumentNumber',
        ),
    ]
