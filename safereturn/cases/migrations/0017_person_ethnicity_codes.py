"""A person's ethnicity becomes the General Statistics Office's code of one of the 54 groups
(safereturn/geo/data/ethnic_groups.csv). Free text recorded before that names a group under any of
its spellings ("Khơ-me", "H'Mông", "Kinh") is replaced by the group's code; text that names no
group is left as it was written (shown as such, and chosen again from the list on the next edit)."""

from django.db import migrations

from safereturn.geo.ethnicity import ethnic_group_code, ethnic_group_name, is_ethnic_group_code

# When this migration was written the data file had Hoa as 04 and Mường as 06 (the GSO list has
# Mường 04, Hoa 06); 0020 moves the stored codes. This migration keeps writing the codes of the file
# as it was then, so a database migrated in one go ends where one migrated in two steps ends.
CODES_THEN = {"04": "06", "06": "04"}


def to_codes(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    recorded = Person.objects.exclude(ethnicity="").values_list("ethnicity", flat=True).distinct()
    for text in list(recorded):
        if is_ethnic_group_code(text):
            continue  # already a code
        code = ethnic_group_code(text)
        code = CODES_THEN.get(code, code)
        if code and code != text:
            Person.objects.filter(ethnicity=text).update(ethnicity=code)


def to_names(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    for code in list(Person.objects.exclude(ethnicity="").values_list("ethnicity", flat=True).distinct()):
        if is_ethnic_group_code(code):
            name = ethnic_group_name(CODES_THEN.get(code, code), "vi")
            Person.objects.filter(ethnicity=code).update(ethnicity=name)


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_intake_drafts")]

    operations = [migrations.RunPython(to_codes, to_names, elidable=False)]
