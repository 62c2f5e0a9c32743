import hashlib

from django.db import migrations, models


def stamp_existing_tokens(apps, schema_editor):
    """Tokens made before the stamp keep working under the password their officer has now."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.select_related("user").filter(password_stamp=""):
        token.password_stamp = hashlib.sha256(f"api-token:{token.user.password}".encode()).hexdigest()[:16]
        token.save(update_fields=["password_stamp"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="password_stamp",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(stamp_existing_tokens, migrations.RunPython.noop),
    ]
