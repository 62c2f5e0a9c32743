import datetime
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from safereturn.core import errors
from safereturn.notifications import kinds, services
from safereturn.notifications.models import Notification, NotificationPreference
from safereturn.notifications.selectors import recipients_for

from .conftest import OVERDUE_PARAMS

pytestmark = pytest.mark.django_db

REFUSING = "safereturn.notifications.tests.backends.RefusingBackend"
UNREACHABLE = "safereturn.notifications.tests.backends.UnreachableBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def test_notify_writes_the_rows_and_emails_only_after_commit(
    overdue_kind, officers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = services.notify(
            kind="test_task_overdue",
            recipients=officers,
            params=OVERDUE_PARAMS,
            link="/cases/5f0c/",
            object_type="verification_task",
            object_id=41,
        )
        assert mail.outbox == []  # not before the transaction commits
        assert {n.recipient_id for n in Notification.objects.all()} == {o.pk for o in officers}
    assert len(callbacks) == 1
    assert len(made) == 2 and all(n.pk for n in made)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in officers)
    row = Notification.objects.get(recipient=officers[0])
    assert row.kind == "test_task_overdue" and row.params == OVERDUE_PARAMS
    assert (row.link, row.object_type, row.object_id) == ("/cases/5f0c/", "verification_task", "41")
    assert row.read_at is None and row.emailed_at is not None


def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(
    overdue_kind, officers, django_capture_on_commit_callbacks
):
    class Abandoned(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abandoned),
        transaction.atomic(),
    ):
        services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS)
        raise Abandoned
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_the_email_is_in_vietnamese_then_english_with_a_link_to_the_site(
    overdue_kind, officers, settings, django_capture_on_commit_callbacks
):
    settings.SAFERETURN_SITE_URL = "https://safereturn.example.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        (made, *_rest) = services.notify(
            kind="test_task_overdue", recipients=officers[:1], params=OVERDUE_PARAMS, link="/cases/x/"
        )
    (message,) = mail.outbox
    assert message.subject == "SafeReturn: Quá hạn"
    vi = "Nhiệm vụ xác minh (identity) hồ sơ 92-2026-000123 đã quá hạn: hạn là ngày 05/01/2026."
    en = "The verification task (identity) on case 92-2026-000123 is overdue: it was due 05/01/2026."
    assert vi in message.body and en in message.body
    assert message.body.index(vi) < message.body.index(en)
    assert f"https://safereturn.example.gov.vn/notifications/{made.pk}/open/" in message.body
    assert "https://safereturn.example.gov.vn/notifications/preferences/" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_a_kind_turned_off_is_shown_in_the_system_but_not_emailed(
    overdue_kind, officers, django_capture_on_commit_callbacks
):
    quiet, keen = officers
    services.email_preferences_save(user=quiet, choices={"test_task_overdue": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS)
    assert [m.to for m in mail.outbox] == [[keen.email]]
    assert Notification.objects.filter(recipient=quiet, email_wanted=False, emailed_at=None).exists()


def test_a_kind_may_default_to_no_email_and_an_officer_may_turn_it_on(
    register_kind, officers, django_capture_on_commit_callbacks
):
    register_kind("test_quiet", label="x", message="Something happened.", email_default=False)
    services.email_preferences_save(user=officers[1], choices={"test_quiet": True})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="test_quiet", recipients=officers)
    assert [m.to for m in mail.outbox] == [[officers[1].email]]


def test_a_mandatory_kind_is_always_emailed(emergency_kind, officers, django_capture_on_commit_callbacks):
    services.email_preferences_save(user=officers[0], choices={"test_break_glass": False})  # ignored
    NotificationPreference.objects.create(user=officers[1], kind="test_break_glass", email=False)  # even so
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind="test_break_glass", recipients=officers, params={"officer": "canbo.ct", "number": "92-2026-7"}
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in officers)


def test_inactive_officers_are_skipped_and_officers_without_an_address_get_the_notification_only(
    overdue_kind, make_officer, agency, django_capture_on_commit_callbacks
):
    active = make_officer("verifier", agency=agency)
    no_address = make_officer("verifier", agency=agency, email="")
    gone = make_officer("verifier", agency=agency, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.notify(
            kind="test_task_overdue", recipients=[active, no_address.pk, gone], params=OVERDUE_PARAMS
        )
    assert sorted(n.recipient_id for n in made) == sorted([active.pk, no_address.pk])
    assert [m.to for m in mail.outbox] == [[active.email]]
    assert not Notification.objects.get(recipient=no_address).email_wanted


def test_duplicates_are_removed_and_the_acting_officer_can_be_left_out(overdue_kind, officers):
    actor, other = officers
    made = services.notify(
        kind="test_task_overdue",
        recipients=[actor, actor.pk, other, other.pk],
        params=OVERDUE_PARAMS,
        exclude=[actor],
    )
    assert [n.recipient_id for n in made] == [other.pk]


def test_recipients_found_by_role_are_taken_as_they_are(overdue_kind, officers, agency):
    found = recipients_for(agency, ["verifier"])
    made = services.notify(kind="test_task_overdue", recipients=found, params=OVERDUE_PARAMS)
    assert sorted(n.recipient_id for n in made) == sorted(o.pk for o in officers)
    assert services.notify(kind="test_task_overdue", recipients=[], params=OVERDUE_PARAMS) == []


@pytest.mark.parametrize(
    "params",
    [
        {**OVERDUE_PARAMS, "full_name": "Nguyễn Thị A"},  # a name the kind does not declare
        {"kind": "identity", "number": "92-1"},  # one missing
        {**OVERDUE_PARAMS, "due": datetime.date(2026, 1, 5)},  # a date object, not an ISO string
        {**OVERDUE_PARAMS, "number": ["92-1"]},
        {**OVERDUE_PARAMS, "number": {"id": 1}},
        {**OVERDUE_PARAMS, "number": float("nan")},
        {**OVERDUE_PARAMS, "number": "x" * 256},
    ],
)
def test_params_are_the_declared_names_with_plain_values_only(overdue_kind, officers, params):
    with pytest.raises(ValueError):
        services.notify(kind="test_task_overdue", recipients=officers, params=params)
    assert not Notification.objects.exists()


def test_a_model_instance_is_refused_as_a_parameter(overdue_kind, officers, agency):
    with pytest.raises(ValueError, match="Agency"):
        services.notify(kind="test_task_overdue", recipients=officers, params={**OVERDUE_PARAMS, "number": agency})


def test_plain_values_are_accepted(register_kind, officers):
    register_kind("test_plain", label="x", message="%(a)s %(b)s %(c)s %(d)s", params=("a", "b", "c", "d"))
    (made, *_rest) = services.notify(
        kind="test_plain", recipients=officers, params={"a": "92-1", "b": 3, "c": 1.5, "d": None}
    )
    made.refresh_from_db()
    assert made.params == {"a": "92-1", "b": 3, "c": 1.5, "d": None}


def test_an_unregistered_kind_and_a_link_off_the_site_are_refused(overdue_kind, officers):
    with pytest.raises(kinds.UnknownKind):
        services.notify(kind="test_not_there", recipients=officers)
    for link in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "cases/1/", "/ok\n/x"):
        with pytest.raises(ValueError):
            services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS, link=link)
    assert not Notification.objects.exists()


# ---- a mail server that fails ------------------------------------------------------------------


def test_a_failing_mail_server_does_not_undo_the_action_and_the_email_goes_later_exactly_once(
    overdue_kind, officers, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    with (
        caplog.at_level(logging.WARNING, logger="safereturn.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notify(kind="test_task_overdue", recipients=officers[:1], params=OVERDUE_PARAMS)
    row = Notification.objects.get()
    assert row.emailed_at is None and row.email_wanted
    assert "SMTPDataError" in caplog.text
    assert "92-2026-000123" not in caplog.text and officers[0].email not in caplog.text  # no body, no address

    assert services.send_pending_emails() == {"sent": 0, "failed": 1, "skipped": 0}  # still down
    settings.EMAIL_BACKEND = LOCMEM
    assert services.send_pending_emails() == {"sent": 1, "failed": 0, "skipped": 0}
    assert services.send_pending_emails() == {"sent": 0, "failed": 0, "skipped": 0}
    assert len(mail.outbox) == 1 and "92-2026-000123" in mail.outbox[0].body
    row.refresh_from_db()
    assert row.emailed_at is not None


def test_after_a_business_action_one_refusal_is_enough_and_the_retry_sends_the_rest(
    overdue_kind, officers, settings, caplog, django_capture_on_commit_callbacks
):
    """The officer's request does not wait on a failing mail server for every recipient."""
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS)
    assert [r.levelname for r in caplog.records if "not sent" in r.getMessage()] == ["WARNING"]
    assert services.send_pending_emails() == {"sent": 0, "failed": 2, "skipped": 0}  # the retry tries each
    settings.EMAIL_BACKEND = LOCMEM
    assert services.send_pending_emails()["sent"] == 2


def test_an_unreachable_mail_server_is_logged_and_the_emails_wait(
    overdue_kind, officers, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = UNREACHABLE
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS)
    assert "ConnectionRefusedError" in caplog.text
    assert Notification.objects.filter(emailed_at=None).count() == 2
    settings.EMAIL_BACKEND = LOCMEM
    assert services.send_pending_emails()["sent"] == 2


def test_emails_older_than_a_day_are_not_tried_again(overdue_kind, officers, settings):
    settings.EMAIL_BACKEND = REFUSING
    services.notify(kind="test_task_overdue", recipients=officers[:1], params=OVERDUE_PARAMS)
    settings.EMAIL_BACKEND = LOCMEM
    later = timezone.now() + datetime.timedelta(hours=25)
    assert services.send_pending_emails(now=later) == {"sent": 0, "failed": 0, "skipped": 0}
    assert mail.outbox == []


def test_an_officer_deactivated_before_the_retry_is_not_emailed(overdue_kind, officers, settings):
    settings.EMAIL_BACKEND = REFUSING
    services.notify(kind="test_task_overdue", recipients=officers[:1], params=OVERDUE_PARAMS)
    type(officers[0]).objects.filter(pk=officers[0].pk).update(is_active=False)
    settings.EMAIL_BACKEND = LOCMEM
    assert services.send_pending_emails()["skipped"] == 1
    assert services.send_pending_emails() == {"sent": 0, "failed": 0, "skipped": 0}
    assert mail.outbox == []


def test_the_periodic_task_sends_what_is_pending(overdue_kind, officers, settings):
    from safereturn.notifications import tasks

    settings.EMAIL_BACKEND = REFUSING
    services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS)
    settings.EMAIL_BACKEND = LOCMEM
    tasks.notification_emails_retry.call_local()
    assert len(mail.outbox) == 2


# ---- reading -----------------------------------------------------------------------------------


def test_marking_read_touches_only_the_officers_own(overdue_kind, officers):
    mine, theirs = officers
    services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS)
    services.notify(kind="test_task_overdue", recipients=officers, params=OVERDUE_PARAMS)
    first = Notification.objects.filter(recipient=mine).first()
    with pytest.raises(errors.NotFound):
        services.notification_mark_read(user=theirs, notification_id=first.pk)
    assert services.notification_mark_read(user=mine, notification_id=first.pk).read_at is not None
    assert services.notifications_mark_all_read(user=mine) == 1
    assert Notification.objects.filter(recipient=theirs, read_at=None).count() == 2


def test_mandatory_kinds_cannot_be_turned_off_and_unknown_kinds_are_refused(emergency_kind, officers):
    services.email_preferences_save(user=officers[0], choices={"test_break_glass": False})
    assert not NotificationPreference.objects.exists()
    with pytest.raises(kinds.UnknownKind):
        services.email_preferences_save(user=officers[0], choices={"test_nope": True})
