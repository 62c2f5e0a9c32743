"""The referrals world: the Phú Lợi ward (Cần Thơ) receives a woman and refers her to the city's state
legal-aid centre (its case worker and supervisor answer); the health department (the province's lead
agency) takes part by law; a Đà Nẵng police verifier stands outside."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from safereturn.cases import services as case_services
from safereturn.testing.personas import CAN_THO, actor_of, new_agency, new_officer, record_case


@pytest.fixture
def world(personas):
    personas.build("commune", "health", "intake", "commune_case_worker", "health_supervisor", "other_verifier")
    legal_aid = new_agency("legal_aid_centre", province_code=CAN_THO, name="Trung tâm Trợ giúp pháp lý Cần Thơ (thử)")
    lawyer = new_officer("case_worker", agency=legal_aid)
    director = new_officer("supervisor", agency=legal_aid)
    reporting = new_officer("reporting_officer", agency=legal_aid)
    case = record_case(personas.actor("intake"), full_name="Lò Thị Duyên", sex="female", birth_year=2001)
    return SimpleNamespace(
        case=case,
        legal_aid=legal_aid,
        sender=personas.actor("commune_case_worker"),
        intake=personas.actor("intake"),
        lawyer=actor_of(lawyer),
        director=actor_of(director),
        reporting=actor_of(reporting),
        overseer=personas.actor("health_supervisor"),
        outsider=personas.actor("other_verifier"),
        lawyer_user=lawyer,
        sender_user=personas.commune_case_worker,
    )


def consent_to(world, *types):
    return case_services.consent_record(
        actor=world.sender, case=world.case, processing=True, share_with=list(types), given_on=timezone.localdate()
    )


@pytest.fixture
def consented(world):
    consent_to(world, "legal_aid_centre")
    return world
