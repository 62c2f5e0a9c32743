import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import django_otp.plugins.otp_totp.models
import safereturn.core.fields
from safereturn.core import crypto

RECOVERY_CODE_PURPOSE = "recovery_code"  # safereturn.accounts.otp


def seal_second_factors(apps, schema_editor):
    """Authenticator secrets move to the sealed device (the clear ones are deleted); recovery codes
    are replaced by their keyed hashes (decision 0021)."""
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    AuthenticatorDevice = apps.get_model("accounts", "AuthenticatorDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    fields = ["user_id", "name", "confirmed", "step", "t0", "digits", "tolerance", "drift", "last_t"]
    for device in TOTPDevice.objects.all():
        AuthenticatorDevice.objects.create(
            key=device.key, **{field: getattr(device, field) for field in fields}
        )
    TOTPDevice.objects.all().delete()
    for token in StaticToken.objects.all():
        code = token.token.strip().replace(" ", "")
        token.token = crypto.blind_index(RECOVERY_CODE_PURPOSE, code, length=16)
        token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token_password_stamp"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuthenticatorDevice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="The human-readable name of this device.", max_length=64)),
                ("confirmed", models.BooleanField(default=True, help_text="Is this device ready for use?")),
                (
                    "throttling_failure_timestamp",
                    models.DateTimeField(
                        blank=True,
                        default=None,
                        help_text="A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
                        null=True,
                    ),
                ),
                (
                    "throttling_failure_count",
                    models.PositiveIntegerField(default=0, help_text="Number of successive failed attempts."),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="The date and time when this device was initially created in the system.",
                        null=True,
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(
                        blank=True, help_text="The most recent date and time this device was used.", null=True
                    ),
                ),
                ("key", safereturn.core.fields.EncryptedTextField(default=django_otp.plugins.otp_totp.models.default_key)),
                ("step", models.PositiveSmallIntegerField(default=30)),
                ("t0", models.BigIntegerField(default=0)),
                ("digits", models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)),
                ("tolerance", models.PositiveSmallIntegerField(default=1)),
                ("drift", models.SmallIntegerField(default=0)),
                ("last_t", models.BigIntegerField(default=-1)),
                (
                    "user",
                    models.ForeignKey(
                        help_text="The user that this device belongs to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "authenticator app",
                "verbose_name_plural": "authenticator apps",
                "abstract": False,
            },
        ),
        migrations.RunPython(seal_second_factors, migrations.RunPython.noop),
    ]
