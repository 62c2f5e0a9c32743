"""Danger alerts: they reach the police and border-guard focal points of the case's province at once
(someone when a focal point or an agency is missing), stay open until acknowledged, escalate once, and
an acknowledged alert never escalates."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.core import errors
from safereturn.notifications.models import Notification, UnreachedNotice
from safereturn.protection import services
from safereturn.protection.models import DangerAlert
from safereturn.testing.personas import DA_NANG, actor_of, new_agency, new_officer, record_case

pytestmark = pytest.mark.django_db

CALLS = "Một người tự xưng là anh họ gọi điện đến cơ sở hai lần hỏi chỗ ở của chị"


def _recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def _raise(personas, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.alert_raise(actor=personas.actor("commune_case_worker"), case=case, description=CALLS)


def test_an_alert_reaches_the_focal_points_of_the_police_and_border_guard_at_once(
    personas, province, make_case, django_capture_on_commit_callbacks
):
    case = make_case(full_name="Phạm Thị Thu Hằng")
    alert = _raise(personas, case, django_capture_on_commit_callbacks)
    assert _recipients("danger_alert") == {personas.police_verifier.pk, province["guard"].pk}
    assert set(alert.notified_agencies.all()) == {personas.police, province["border"]}
    assert alert.is_open and alert.acknowledge_by == alert.raised_at + datetime.timedelta(minutes=30)
    # In-app and by e-mail (a mandatory kind), carrying the case number and never the name or the text.
    sent = [m for m in mail.outbox if "Hằng" not in m.body]
    assert {m.to[0] for m in sent} >= {personas.police_verifier.email, province["guard"].email}
    for message in mail.outbox:
        assert case.number in message.body and "Hằng" not in message.body and "anh họ" not in message.body
    assert AuditEvent.objects.filter(object_type="danger_alert", object_id=str(alert.pk), action="create").exists()
    assert case.events.filter(kind="danger_alert_raised").exists()


def test_an_agency_without_a_focal_point_is_reached_through_its_supervisors(personas, province, make_case):
    province["border"].focal_points.all().delete()
    alert = services.alert_raise(actor=personas.actor("intake"), case=make_case(), description=CALLS)
    reached = _recipients("danger_alert")
    assert province["guard_supervisor"].pk in reached and personas.police_verifier.pk in reached
    assert alert.notified_agencies.count() == 2


def test_a_province_without_police_or_border_guard_reaches_its_lead_agency(personas, province, make_case):
    personas.police.is_active = False
    personas.police.save()
    province["border"].is_active = False
    province["border"].save()
    alert = services.alert_raise(actor=personas.actor("intake"), case=make_case(), description=CALLS)
    assert alert.notified_agencies.count() == 0
    assert _recipients("danger_alert") == {personas.health_supervisor.pk}


def test_an_alert_that_finds_nobody_is_an_unreached_notice_the_administrators_hear_of(personas):
    # Đà Nẵng: a border guard with nobody in it, no police, no lead agency; a ward committee records the case.
    empty_guard = new_agency("border_guard", province_code=DA_NANG, name="Biên phòng Đà Nẵng trống (thử)")
    ward = new_agency("commune_committee", level="commune", commune_code=20455, name="UBND Xã Tây Giang (thử)")
    worker = actor_of(new_officer("case_worker", agency=ward))
    admin = new_officer("system_admin", agency=new_agency("hotline", province_code=DA_NANG))
    case = record_case(worker)
    services.alert_raise(actor=worker, case=case, description=CALLS)
    notice = UnreachedNotice.objects.get(kind="danger_alert")
    assert notice.agency_id == empty_guard.pk
    assert admin.pk in _recipients("notice_unreached")


def test_an_unacknowledged_alert_escalates_once(personas, province, make_case):
    alert = services.alert_raise(actor=personas.actor("intake"), case=make_case(), description=CALLS)
    assert services.escalation_sweep() == 0, "not yet due"
    later = alert.escalate_at + datetime.timedelta(minutes=1)
    assert services.escalation_sweep(now=later) == 1
    escalated = _recipients("danger_alert_escalated")
    assert {personas.police_supervisor.pk, province["guard_supervisor"].pk, personas.health_supervisor.pk} <= escalated
    count = Notification.objects.filter(kind="danger_alert_escalated").count()
    assert services.escalation_sweep(now=later + datetime.timedelta(hours=5)) == 0
    assert Notification.objects.filter(kind="danger_alert_escalated").count() == count
    alert.refresh_from_db()
    assert alert.escalated_at is not None and alert.is_open
    # The escalation's supervisors may acknowledge it, as the focal points may.
    services.alert_acknowledge(
        actor=personas.actor("health_supervisor"),
        alert=alert,
        expected_version=alert.version,
        action_taken="Đã cử người",
    )


def test_an_acknowledged_alert_never_escalates(personas, province, make_case):
    alert = services.alert_raise(actor=personas.actor("commune_case_worker"), case=make_case(), description=CALLS)
    services.alert_acknowledge(
        actor=personas.actor("police_verifier"),
        alert=alert,
        expected_version=alert.version,
        action_taken="Đã cử cán bộ đến cơ sở, xác minh số điện thoại gọi đến",
    )
    alert.refresh_from_db()
    assert alert.status == "acknowledged" and alert.acknowledged_by == personas.police_verifier
    assert alert.acknowledged_by_agency == personas.police and alert.acknowledged_at is not None
    assert personas.commune_case_worker.pk in _recipients("danger_alert_acknowledged")
    assert services.escalation_sweep(now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert not Notification.objects.filter(kind="danger_alert_escalated").exists()
    with pytest.raises(errors.StateError):
        services.alert_acknowledge(
            actor=personas.actor("police_verifier"), alert=alert, expected_version=alert.version, action_taken="x"
        )


def test_only_the_agencies_reached_acknowledge_and_bad_input_changes_nothing(personas, province, make_case):
    alert = services.alert_raise(actor=personas.actor("intake"), case=make_case(), description=CALLS)
    with pytest.raises(errors.Denied):
        services.alert_acknowledge(
            actor=personas.actor("other_verifier"), alert=alert, expected_version=alert.version, action_taken="x"
        )
    with pytest.raises(Exception) as refused:
        services.alert_acknowledge(
            actor=personas.actor("police_verifier"), alert=alert, expected_version=alert.version, action_taken=" "
        )
    assert "action_taken" in refused.value.message_dict
    with pytest.raises(errors.Conflict):
        services.alert_acknowledge(
            actor=personas.actor("police_verifier"), alert=alert, expected_version=alert.version + 1, action_taken="x"
        )
    alert.refresh_from_db()
    assert alert.is_open


def test_only_participants_raise_an_alert_and_an_empty_one_is_refused(personas, province, make_case):
    case = make_case()
    with pytest.raises(errors.Denied):
        services.alert_raise(actor=personas.actor("other_verifier"), case=case, description=CALLS)
    with pytest.raises(Exception) as refused:
        services.alert_raise(actor=personas.actor("intake"), case=case, description="   ")
    assert "description" in refused.value.message_dict
    assert not DangerAlert.objects.exists() and not Notification.objects.filter(kind="danger_alert").exists()
