"""Finding 10: the work of the law's lead agency.

Under Law 53/2024/QH15 as amended by Law 86/2025/QH15, the commune notifies the provincial health
department, which verifies with the provincial police within 3 days. Intake in a commune now tells the
province's lead agency (found from the rule table's "coordinate" row and the directory, not by name) and
makes it take part in the case by the law's duty; its officer assigns the verification naming the
provincial police as partner, whose officer opens the case and works the task; the 3 days come from the
deadline rule rows.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safereturn.access import policy
from safereturn.cases.models import CaseParticipant
from safereturn.identification import selectors as identification_selectors
from safereturn.identification import services as identification_services
from safereturn.identification.models import VerificationTask
from safereturn.notifications.models import Notification
from safereturn.rules.models import AgencyCompetenceRule, DeadlineRule
from safereturn.rules.selectors import rule_in_force
from safereturn.testing.personas import CAN_THO, PHU_LOI, actor_of, new_agency, new_officer, record_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(personas):
    """Cần Thơ's health department with a supervisor and a verifier, and the city police's verifier: who
    is told depends on who exists, so all exist before the intake."""
    personas.build("health_supervisor", "police_verifier", "intake")
    verifier = new_officer("verifier", agency=personas.health, username="kit.health_verifier")
    return personas, verifier


def _intake(personas, **fields):
    return record_case(
        personas.actor("intake"),
        province_id=CAN_THO,
        commune_id=PHU_LOI,
        received_at=timezone.now() - datetime.timedelta(hours=2),
        **fields,
    )


def test_intake_in_a_commune_tells_the_provinces_lead_agency_and_shares_the_case_by_law(lead):
    personas, verifier = lead
    case = _intake(personas)

    joined = CaseParticipant.objects.get(case=case, agency=personas.health, role="lead")
    assert joined.is_active and joined.basis == "legal_duty"
    assert "53/2024" in joined.sharing_rule.citation, "the legal duty cites the law"
    told = set(Notification.objects.filter(kind="case_received_lead").values_list("recipient_id", flat=True))
    assert {personas.health_supervisor.pk, verifier.pk} <= told
    assert personas.intake.pk not in told, "not the officer who recorded it"
    notice = Notification.objects.filter(kind="case_received_lead").first()
    assert notice.params["number"] == case.number and notice.link == f"/cases/{case.pk}/"
    assert policy.case_for_actor(actor_of(verifier), case.pk) == case, "the lead agency's verifier opens the case"


def test_the_lead_agency_comes_from_the_rule_table_not_from_a_name(lead):
    """Another agency type named by the "coordinate" row in force is the one told."""
    personas, _verifier = lead
    today = timezone.localdate()
    AgencyCompetenceRule.objects.filter(action="coordinate", agency_type_code="health_department").update(
        effective_to=today - datetime.timedelta(days=30)
    )
    AgencyCompetenceRule.objects.create(
        agency_type_code="province_committee",
        action="coordinate",
        effective_from=today - datetime.timedelta(days=29),
        citation_document="Quyết định thử",
    )
    committee = new_agency("province_committee", province_code=CAN_THO, name="UBND thành phố Cần Thơ (thử)")
    chair = new_officer("supervisor", agency=committee, username="kit.committee_supervisor")

    _intake(personas)

    told = set(Notification.objects.filter(kind="case_received_lead").values_list("recipient_id", flat=True))
    assert chair.pk in told and personas.health_supervisor.pk not in told


def test_the_lead_agency_assigns_the_verification_and_the_police_partner_works_it(lead, client, force_sign_in):
    personas, verifier = lead
    case = _intake(personas)
    received_on = timezone.localdate(case.received_at)
    health = actor_of(verifier)

    task = identification_services.verification_task_create(
        actor=health,
        case=case,
        kind="initial",
        assignee_agency_id=personas.health.pk,
        partner_agency_id=personas.police.pk,
        start_date=received_on,
    )

    # The 3 days come from the deadline rule in force when the case was received.
    rule = rule_in_force(DeadlineRule, received_on, step="initial")
    assert rule.days == 3 and "53/2024" in rule.citation_document
    assert task.deadline_rule == rule
    assert task.due_date == received_on + datetime.timedelta(days=3)
    # The police, named as partner, are told, can open the case, and see the task in their queue.
    police = personas.actor("police_verifier")
    assert Notification.objects.filter(kind="verification_partner", recipient=personas.police_verifier).exists()
    assert policy.case_for_actor(police, case.pk) == case
    assert policy.can_work_task(police, task)
    assert task in identification_selectors.open_tasks(police)
    # ...and work it through the pages.
    force_sign_in("police_verifier")
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    url = reverse("identification:task", args=[case.pk, task.pk])
    assert client.post(url, {"action": "start", "version": task.version}).status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress"
    done = client.post(url, {"action": "complete", "version": task.version, "findings": "Đã đối chiếu hồ sơ"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    # The partner's access ends with the task, as the assigned agency's would.
    assert not CaseParticipant.objects.get(case=case, agency=personas.police, role="partner").is_active


def test_the_lead_agency_may_also_assign_the_police_directly(lead):
    personas, verifier = lead
    case = _intake(personas)
    task = identification_services.verification_task_create(
        actor=actor_of(verifier), case=case, kind="identity", assignee_agency_id=personas.police.pk
    )
    assert VerificationTask.objects.filter(pk=task.pk, assignee_agency=personas.police).exists()


def test_a_partner_must_be_competent_to_verify_and_not_the_assigned_agency(lead):
    personas, verifier = lead
    case = _intake(personas)
    for partner, field in ((personas.health, "partner_agency"), (personas.facility, "partner_agency")):
        with pytest.raises(ValidationError) as refused:
            identification_services.verification_task_create(
                actor=actor_of(verifier),
                case=case,
                kind="initial",
                assignee_agency_id=personas.health.pk,
                partner_agency_id=partner.pk,
            )
        assert field in refused.value.message_dict
    assert not VerificationTask.objects.filter(case=case).exists()


def test_the_intake_page_says_the_lead_agency_was_told(lead, client, force_sign_in):
    personas, _verifier = lead
    force_sign_in("intake")
    form = {
        "full_name": "Lâm Văn Tài",
        "sex": "male",
        "birth_year": "2003",
        "nationality": "VN",
        "channel": "self_return",
        "received_at": (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%d/%m/%Y %H:%M"),
        "province": str(CAN_THO),
        "commune": str(PHU_LOI),
        "route": "cross_border",
        "destination_country": "KH",
        "risk_level": "medium",
        "accompanying_children": "0",
    }
    response = client.post(reverse("cases:intake"), form, follow=True)
    page = response.content.decode()
    assert personas.health.name in page and "cơ quan chủ trì" in page, "the officer sees whom the law told"
    assert Notification.objects.filter(kind="case_received_lead", recipient=personas.health_supervisor).exists()
