from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from safereturn.accounts.models import ApiToken
from safereturn.audit.models import AuditAction
from safereturn.audit.services import audit_record


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (use it as 'Authorization: Bearer <token>')."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']!r}")
        token, raw = ApiToken.issue(user)
        audit_record(
            action=AuditAction.TOKEN_ISSUED,
            actor_username="manage.py issue_token",
            object_type="accounts.apitoken",
            object_id=token.pk,
            details={"user_id": user.pk},
        )
        self.stdout.write(raw)
