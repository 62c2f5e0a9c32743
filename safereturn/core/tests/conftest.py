import pytest
from django.utils import timezone


@pytest.fixture
def commune_intake(make_agency, make_officer):
    """Record a case as a commune intake officer in Cần Thơ: ``(person fields, case fields) → (actor, case)``."""
    from safereturn.access.policy import Actor
    from safereturn.cases import services

    def record(person, **case):
        officer = make_officer("intake_officer", agency=make_agency("commune_committee", level="commune"))
        actor = Actor(officer, officer.memberships.select_related("agency__agency_type").get())
        fields = {"channel": "self_return", "route": "domestic", "risk_level": "low"} | case
        data = services.IntakeData(
            person=services.PersonData(**person),
            received_at=timezone.now(),
            province_id=92,
            commune_id=actor.agency.commune_id,
            **fields,
        )
        return actor, services.intake_record(actor=actor, data=data)

    return record
