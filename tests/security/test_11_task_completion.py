"""Finding 11: a verifier who completed their task landed on an English debug 404 — the agency's
access to the case ends with its task, and the page sent them back to the case.

Finishing a task now returns the officer to their work queue with a Vietnamese message (saying the
access ended); the task page offers the identification decision while the task is open, and the
decision can be recorded then.
"""

import datetime

import pytest
from django.utils import timezone

from safereturn.identification import services
from safereturn.identification.models import IdentificationDecision
from safereturn.testing.personas import CAN_THO, PHU_LOI, record_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(personas):
    """A case under verification with a task assigned to the Cần Thơ police, and evidence recorded."""
    supervisor = personas.actor("commune_supervisor")
    case = record_case(
        personas.actor("intake"),
        full_name="Vi Thị Hoa",
        sex="female",
        birth_year=2001,
        received_at=timezone.now() - datetime.timedelta(hours=3),
        province_id=CAN_THO,
        commune_id=PHU_LOI,
    )
    services.case_transition(actor=supervisor, case=case, transition="start_verification", expected_version=1)
    task = services.verification_task_create(
        actor=supervisor, case=case, kind="identity", assignee_agency_id=personas.police.pk
    )
    services.evidence_add(
        actor=supervisor,
        case=case,
        source="rescuing_body",
        obtained_on=timezone.localdate(),
        description="Biên bản giải cứu",
    )
    return task


def test_the_decision_is_recorded_while_the_task_is_open_then_completion_returns_to_the_queue(
    client, task, force_sign_in
):
    case = task.case
    force_sign_in("police_verifier")
    task_url = f"/identification/cases/{case.pk}/tasks/{task.pk}/"

    # While the task is open, its page offers the decision, and the decision is recorded.
    page = client.get(task_url).content.decode()
    assert 'data-testid="decide-before-closing"' in page
    assert f"/identification/cases/{case.pk}/decision/new/" in page
    case.refresh_from_db()
    evidence = case.evidence.get()
    decided = client.post(
        f"/identification/cases/{case.pk}/decision/new/",
        {
            "version": case.version,
            "kind": "victim",
            "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
            "basis": [evidence.pk],
            "reason": "Đủ căn cứ xác định là nạn nhân",
        },
    )
    assert decided.status_code == 302, decided.content.decode()[:2000]
    assert IdentificationDecision.objects.filter(case=case, kind="victim").exists()
    task.refresh_from_db()
    assert task.is_open

    # Completing the task: back to the work queue, with a Vietnamese message and no error page.
    done = client.post(
        task_url, {"action": "complete", "version": task.version, "findings": "Khớp dữ liệu dân cư"}, follow=True
    )
    assert done.status_code == 200
    assert done.redirect_chain[-1][0] == "/identification/queue/"
    body = done.content.decode()
    assert "Đã ghi kết quả và hoàn thành nhiệm vụ." in body
    assert f"Quyền truy cập hồ sơ {case.number} của cơ quan bạn đã kết thúc cùng nhiệm vụ." in body
    assert "The findings were recorded" not in body and "Page not found" not in body and "Not Found" not in body
    task.refresh_from_db()
    assert task.status == "done"
    # The access did end with the task.
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_an_officer_who_keeps_the_case_also_lands_on_the_queue(client, task, force_sign_in):
    """The police supervisor oversees every case of the province: after completing the task they still
    see the case, and land on their queue without the message about access ending."""
    case = task.case
    force_sign_in("police_supervisor")
    done = client.post(
        f"/identification/cases/{case.pk}/tasks/{task.pk}/",
        {"action": "complete", "version": task.version, "findings": "Đã đối chiếu"},
        follow=True,
    )
    assert done.status_code == 200 and done.redirect_chain[-1][0] == "/identification/queue/"
    body = done.content.decode()
    assert "Đã ghi kết quả và hoàn thành nhiệm vụ." in body and "đã kết thúc cùng nhiệm vụ" not in body
    assert client.get(f"/cases/{case.pk}/").status_code == 200
