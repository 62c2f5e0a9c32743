"""The benchmark's in-process work against the bench database (Django set up with the server's settings).

Accounts (second factor, API tokens, the extra officers the throughput run signs in as), the
application's own SQL for each list request (captured from the real view through Django's test
client), and the timings that need the code rather than HTTP: ``audit_record`` and
``duplicates.find_candidates``.
"""

import io
import time

from . import client as bench_client

BENCH_DEVICE_NAME = "bench"


def setup_django():
    import django

    django.setup()


def command(name, *args, **options):
    """A management command in this process (saves a Python start-up per step)."""
    from django.core.management import call_command

    call_command(name, *args, **options)


def enrol_totp(username):
    """A confirmed TOTP device for the user (replacing an earlier bench one); returns a code function."""
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username, is_active=True)
    TOTPDevice.objects.filter(user=user, name=BENCH_DEVICE_NAME).delete()
    device = TOTPDevice.objects.create(user=user, name=BENCH_DEVICE_NAME, confirmed=True)
    key, step, t0, digits = device.bin_key, device.step, device.t0, device.digits

    def code():
        return f"{totp(key, step=step, t0=t0, digits=digits):0{digits}d}"

    return code


def issue_token(username):
    """An API token, through the documented command (``manage.py issue_token``)."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("issue_token", username, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def ensure_officers(like_username, count, password):
    """``count`` more officers with the same agency and role as ``like_username`` (one session each for
    the throughput run: the second factor cannot be replayed, so 16 sessions need 16 people)."""
    from django.contrib.auth import get_user_model

    from safereturn.directory.models import Membership
    from safereturn.directory.services import membership_grant

    User = get_user_model()
    model = Membership.objects.select_related("agency").filter(user__username=like_username, is_active=True).first()
    names = []
    for i in range(1, count + 1):
        username = f"bench.{like_username}.{i:02d}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": f"Bench officer {i:02d}", "email": f"{username}@bench.safereturn.invalid"},
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        membership_grant(user=user, agency=model.agency, role=model.role)
        names.append(username)
    return names


def user_scope(username):
    """The access-policy facts the hand-written SQL needs: agency, user, and the supervised province."""
    from django.contrib.auth import get_user_model

    from safereturn.access import policy
    from safereturn.directory.models import JurisdictionLevel, Membership

    user = get_user_model().objects.get(username=username)
    membership = Membership.objects.select_related("agency", "agency__agency_type").filter(user=user, is_active=True)
    membership = membership.order_by("pk").first()
    actor = policy.Actor(user, membership)
    province = None
    if policy.supervises_jurisdiction(actor) and membership.agency.jurisdiction_level == JurisdictionLevel.PROVINCE:
        province = membership.agency.province_id
    return {
        "user": user.pk,
        "agency": membership.agency_id,
        "province": province,
        "role": membership.role,
        "agency_name": membership.agency.name,
        "agency_commune": membership.agency.commune_id,
    }


def search_keys(query):
    from safereturn.core.name_keys import search_keys

    return sorted(search_keys(query))


class AppClient:
    """Django's test client signed in as an officer (second factor marked verified), for capturing SQL."""

    def __init__(self, username):
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = get_user_model().objects.get(username=username)
        self.client = Client(SERVER_NAME="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        self.client.force_login(user, backend="safereturn.accounts.backends.OfficerBackend")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        session = self.client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def get(self, path):
        """(response, seconds, queries) for one GET; ``queries`` are (sql, seconds) as executed."""
        from django.db import connection

        queries = []

        def wrapper(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                cursor = context["cursor"]
                try:
                    text = connection.ops.last_executed_query(cursor, sql, params)
                except Exception:  # noqa: BLE001 - fall back to the template
                    text = sql
                queries.append((text, time.perf_counter() - started))

        started = time.perf_counter()
        with connection.execute_wrapper(wrapper):
            response = self.client.get(path)
        return response, time.perf_counter() - started, queries


LIST_TABLES = ("cases_case", "cases_caseparticipant", "cases_person")


def is_list_query(sql):
    """A read of cases, of the participations a list is read through, or of the persons a name search
    finds (the page's rows, its count, its search), as opposed to session, user, audit or form queries."""
    head = sql.lstrip()[:6].upper()
    return head == "SELECT" and any(f'"{table}"' in sql for table in LIST_TABLES)


def is_audit_insert(sql):
    return sql.lstrip().upper().startswith('INSERT INTO "AUDIT_AUDITEVENT"')


class AuditTimer:
    """``audit_record`` exactly as a case view writes it (services.case_viewed), timed one call at a time.

    The benchmark calls ``once`` after each case-page request it times, so that the two are measured
    turn about, under the same load on the machine and its disk (a commit waits for the disk)."""

    def __init__(self, username, case_id):
        from django.contrib.auth import get_user_model

        from safereturn.directory.models import Membership

        self.user = get_user_model().objects.get(username=username)
        self.membership = Membership.objects.filter(user=self.user, is_active=True).order_by("pk").first()
        self.case_id = case_id
        self.seconds = []

    def once(self):
        from safereturn.audit.models import AuditAction
        from safereturn.audit.services import audit_record
        from safereturn.core import request_context

        token = request_context.activate(
            request_context.RequestContext(
                request_id=request_context.new_request_id(), ip_address="127.0.0.1", user_agent="bench"
            )
        )
        try:
            started = time.perf_counter()
            audit_record(
                action=AuditAction.VIEW,
                actor=self.user,
                agency_id=self.membership.agency_id,
                role=self.membership.role,
                object_type="case",
                object_id=self.case_id,
                details={"via": "web"},
            )
            self.seconds.append(time.perf_counter() - started)
        finally:
            request_context.reset(token)

    def summary(self):
        return bench_client.summary_ms(self.seconds)


def time_find_candidates(people):
    """``duplicates.find_candidates`` alone, in process, for the names the HTTP duplicate check sent."""
    from safereturn.cases import duplicates

    seconds, found = [], []
    for person in people:
        started = time.perf_counter()
        candidates = duplicates.find_candidates(full_name=person["full_name"], birth_year=person["birth_year"])
        seconds.append(time.perf_counter() - started)
        found.append(len(candidates))
    result = bench_client.summary_ms(seconds)
    result["mean_candidates"] = round(sum(found) / max(len(found), 1), 2)
    return result


def close_connections():
    from django.db import connections

    connections.close_all()
