"""``manage.py entitlements CASE_NUMBER [--on YYYY-MM-DD] [--json] [--as USERNAME]``: what the person of a
case is entitled to on a date, how much, until when, and why. Never prints identity (the case number only).

With ``--as``, the case is opened through the access policy as that officer (their first membership with a
case role); without it, as the system, recorded in the audit trail under the command's name.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import SystemActor, record
from safereturn.cases.models import Case
from safereturn.directory.models import Membership
from safereturn.support import entitlements, vocab


class Command(BaseCommand):
    help = "Print the entitlements of a case's person (and accompanying children) on a date."

    def add_arguments(self, parser):
        parser.add_argument("case_number")
        parser.add_argument("--on", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--as", dest="username", help="open the case through the access policy as this officer")
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def handle(self, *args, **options):
        try:
            on = datetime.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--on must be a date YYYY-MM-DD / --on phải là ngày dạng YYYY-MM-DD") from exc
        actor, case = self._open(options["case_number"], options["username"])
        record(
            actor,
            AuditAction.VIEW,
            object_type="case",
            object_id=case.pk,
            details={"via": "command", "what": "entitlements", "on": on.isoformat()},
        )
        rules = entitlements.snapshot()
        beneficiaries = [vocab.Beneficiary.PERSON]
        if case.accompanying_children:
            beneficiaries.append(vocab.Beneficiary.ACCOMPANYING_CHILD)
        answers = {b: entitlements.for_case(case, on=on, beneficiary=b, rules=rules) for b in beneficiaries}
        if options["json"]:
            payload = {
                "case": case.number,
                "on": on.isoformat(),
                "entitlements": {str(b): [e.as_dict() for e in answer] for b, answer in answers.items()},
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        with translation.override(options["language"]):
            self.stdout.write(f"{case.number} — {on:%d/%m/%Y}")
            for beneficiary, answer in answers.items():
                self.stdout.write(f"\n[{vocab.Beneficiary(beneficiary).label}]")
                for e in answer:
                    mark = "✓" if e.entitled else "✗"
                    amount = f"{e.amount_per_unit:,}".replace(",", ".") + " đ" if e.amount_per_unit else "—"
                    until = e.until.strftime("%d/%m/%Y") if e.until else "—"
                    remaining = "—" if e.remaining is None else str(e.remaining)
                    self.stdout.write(f"{mark} {e.name} | {amount} | {until} | {remaining}")
                    self.stdout.write(f"    {e.why}")

    def _open(self, number, username):
        if username:
            membership = (
                Membership.objects.filter(
                    user__username=username, is_active=True, user__is_active=True, role__in=policy.CASE_ROLES
                )
                .select_related("agency__agency_type", "user")
                .order_by("pk")
                .first()
            )
            if membership is None:
                raise CommandError(f"{username}: no active membership with a case role")
            actor = policy.Actor(membership.user, membership)
            case = policy.visible_cases(actor).filter(number=number).first()
            if case is None:
                raise CommandError(f"{number}: no such case in {username}'s scope / không có hồ sơ này")
            return actor, policy.case_for_actor(actor, case.pk)
        case = Case.objects.filter(number=number).select_related("person").first()
        if case is None:
            raise CommandError(f"{number}: no such case / không có hồ sơ này")
        return SystemActor(username="manage.py entitlements"), case
