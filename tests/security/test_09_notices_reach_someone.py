"""Finding 9: notices that reached nobody — a break-glass on a case whose agency had no supervisor
told nobody (though the page said the supervisor was told), and escalations of overdue tasks told
nobody because the commune police had no supervisor. Recipients are found up the agency tree; a
notice that still finds no one is kept and shown to an administrator, never silent."""

import datetime

import pytest
from django.utils import timezone

from safereturn.cases import services as case_services
from safereturn.identification import services as identification_services
from safereturn.identification.models import VerificationTask
from safereturn.notifications.models import Notification, UnreachedNotice
from safereturn.testing import factories
from safereturn.testing.personas import actor_of, new_agency, new_officer

pytestmark = pytest.mark.django_db

WHY = "Người này gọi đường dây nóng báo đang bị giữ tại bến xe, cần xác minh ngay nơi ở"


def test_an_overdue_task_of_a_commune_police_without_a_supervisor_is_escalated_up_the_tree(personas, make_case):
    province_police = personas.police
    province_chief = personas.police_supervisor
    commune_police = new_agency(
        "commune_police",
        level="commune",
        commune_code=31510,
        name="Công an Phường Phú Lợi (thử)",
        parent=province_police,
    )
    new_officer("verifier", agency=commune_police)
    case = make_case()
    task = identification_services.verification_task_create(
        actor=personas.actor("commune_supervisor"), case=case, kind="identity", assignee_agency_id=commune_police.pk
    )
    VerificationTask.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    identification_services.deadline_sweep()
    escalated = set(Notification.objects.filter(kind="verification_escalated").values_list("recipient_id", flat=True))
    assert province_chief.pk in escalated
    assert not UnreachedNotice.objects.exists()


def test_an_emergency_access_with_no_supervisor_anywhere_is_an_unreached_notice_an_administrator_sees(
    personas, make_case, client, force_sign_in
):
    # Đà Nẵng: a border post with one verifier, no parent, no lead agency in the province.
    border_post = new_agency("border_post", province_code=48, name="Đồn biên phòng thử (thử)")
    lone = new_officer("verifier", agency=border_post)
    admin = new_officer("system_admin", agency=personas.other_police)
    tay_giang = new_agency("commune_committee", level="commune", commune_code=20455, name="UBND Xã Tây Giang (thử)")
    tay_giang_intake = actor_of(new_officer("intake_officer", agency=tay_giang))
    case = make_case(tay_giang_intake)
    grant = case_services.emergency_access_ask(
        actor=actor_of(lone), case_id=case.pk, category="danger_to_life", justification=WHY
    )
    assert grant.supervising_agency is None
    unreached = UnreachedNotice.objects.filter(kind="break_glass")
    assert unreached.exists() and unreached.first().agency_id == border_post.pk
    told = Notification.objects.filter(kind="notice_unreached", recipient=admin)
    assert told.exists() and "/admin/notifications/unreachednotice/" in told.first().link

    # The officer's page does not pretend a supervisor was told.
    force_sign_in(lone)
    other = make_case(tay_giang_intake)
    response = client.post(
        "/cases/break-glass/",
        {"case_number": other.number, "category": "danger_to_life", "justification": WHY},
        follow=True,
    )
    page = response.content.decode()
    assert "quản trị" in page.lower() or "administrator" in page.lower()


def test_an_administrator_lists_unreached_notices_in_the_admin(personas, client, force_sign_in):
    notice = factories.UnreachedNoticeFactory()
    admin = new_officer("system_admin", agency=personas.health)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    force_sign_in(admin)
    response = client.get("/admin/notifications/unreachednotice/")
    assert response.status_code == 200
    assert str(notice.object_id) in response.content.decode()
