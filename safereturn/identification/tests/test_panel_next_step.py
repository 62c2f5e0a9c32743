"""Issue 16: an officer who sees a case's verification panel but can do nothing in it (the ward's
intake officer) is told in one sentence who acts next, instead of an empty panel."""

import pytest
from django.utils import translation

from safereturn.identification import case_panel, services

pytestmark = pytest.mark.django_db

NEXT_STEP = 'data-testid="verification-next-step"'


def next_step(page):
    return page.split(NEXT_STEP, 1)[1].split("</p>", 1)[0].lstrip(">") if NEXT_STEP in page else None


def test_the_intake_officer_is_told_who_acts_next(world, make_case, force_sign_in):
    case = make_case()
    client = force_sign_in("intake")
    sentence = next_step(client.get(f"/cases/{case.pk}/").content.decode())
    assert sentence is not None and sentence.startswith("Bước tiếp theo: cơ quan chủ trì (")
    lead = case.participants.get(role="lead", is_active=True).agency  # the province's lead agency
    assert sentence.startswith(f"Bước tiếp theo: cơ quan chủ trì ({lead.name}) giao nhiệm vụ xác minh")

    services.verification_task_create(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        kind="identity",
        assignee_agency_id=world["agencies"]["police"].pk,
    )
    sentence = next_step(client.get(f"/cases/{case.pk}/").content.decode())
    assert sentence == (
        f"Bước tiếp theo: cơ quan được giao ({world['agencies']['police'].name}) tiến hành xác minh. "
        "Bạn có thể theo dõi tại đây."
    )
    with translation.override("en"):
        panel = case_panel.panel_context(world["actors"]["intake"], case, present={}, revealed=False)
    assert panel["next_step"] == (
        f"Next step: the agency assigned ({world['agencies']['police'].name}) carries out the verification. "
        "You can follow it here."
    )


def test_officers_who_can_act_get_no_sentence(world, make_case, force_sign_in):
    case = make_case()
    services.verification_task_create(
        actor=world["actors"]["commune_supervisor"],
        case=case,
        kind="identity",
        assignee_agency_id=world["agencies"]["police"].pk,
    )
    for who in ("commune_supervisor", "police_verifier"):  # assigns and decides; works the task
        page = force_sign_in(who).get(f"/cases/{case.pk}/").content.decode()
        assert 'data-testid="identification-panel"' in page and NEXT_STEP not in page, who
