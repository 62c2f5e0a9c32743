"""Ethnic-group codes checked against the General Statistics Office's list (Decision 121-TCTK/PPCĐ of
1979): Mường is 04 and Hoa is 06. The data file had them the other way round, so a person recorded as
Hoa was stored as "04" and one recorded as Mường as "06". This moves the stored values (each person's
ethnicity, and the answers of intake drafts in progress) so that each keeps the group it was recorded
with. Swapping is its own inverse, so the reverse migration is the same operation."""

from django.db import migrations
from django.db.models import Case, Value, When

SWAP = {"04": "06", "06": "04"}


def swap_codes(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    # One statement, so that no row is moved twice.
    Person.objects.filter(ethnicity__in=SWAP).update(
        ethnicity=Case(*(When(ethnicity=old, then=Value(new)) for old, new in SWAP.items()))
    )
    IntakeDraft = apps.get_model("cases", "IntakeDraft")
    for draft in IntakeDraft.objects.all().iterator():  # answers are encrypted: read and written through the field
        answers = draft.answers or {}
        value = answers.get("ethnicity")
        if isinstance(value, list):
            moved = [SWAP.get(v, v) for v in value]
        else:
            moved = SWAP.get(value, value)
        if moved != value:
            draft.answers = {**answers, "ethnicity": moved}
            draft.save(update_fields=["answers"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_match_requests")]

    operations = [migrations.RunPython(swap_codes, swap_codes, elidable=False)]
