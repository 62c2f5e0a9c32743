"""Every concrete model of the project has a factory, and each factory saves a valid row: a model
added without a factory fails here."""

import pytest

from safereturn.testing import factories
from safereturn.testing.personas import Personas

MODELS = factories.project_models()


def test_every_concrete_model_of_the_project_has_a_factory():
    missing = sorted(model._meta.label for model in MODELS if model not in factories.FACTORIES)
    assert not missing, f"add a factory to safereturn/testing/factories.py for {missing}"
    assert len(MODELS) >= 38


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_each_factory_saves_a_valid_row(model):
    made = factories.factory_for(model)()
    assert isinstance(made, model) and made.pk is not None
    saved = model._base_manager.get(pk=made.pk)  # read back: encrypted fields decrypt
    saved.full_clean()
    made.full_clean()


@pytest.mark.django_db
def test_a_case_is_coherent_whichever_way_it_is_made():
    """The factory's case and intake's case have the same shape: participations, timeline, number."""
    from safereturn.cases.models import Case

    made = factories.CaseFactory()
    personas = Personas()
    recorded = factories.CaseFactory.through_intake(personas.actor("intake"))
    for case in (made, recorded):
        case = Case.objects.get(pk=case.pk)
        assert [(p.agency_id, p.role) for p in case.participants.all()] == [(case.receiving_agency_id, "receiver")]
        assert case.participants.get().in_agency_jurisdiction
        assert list(case.events.values_list("kind", flat=True)) == ["case_created"]
        assert case.number.startswith(f"92-{case.received_at.year}-")
        assert case.person.name_keys.exists() and case.person.name_search
    assert {made.number, recorded.number} == {
        f"92-{made.received_at.year}-000001",
        f"92-{made.received_at.year}-000002",
    }


@pytest.mark.django_db
def test_the_through_service_variants_go_through_the_services(media):
    from safereturn.audit.models import AuditEvent

    personas = Personas()
    intake, supervisor = personas.actor("intake"), personas.actor("commune_supervisor")
    case = factories.CaseFactory.through_intake(intake)
    task = factories.VerificationTaskFactory.through_service(supervisor, case, assignee_agency_id=personas.police.pk)
    tip = factories.TipFactory.through_service(personas.actor("hotline_intake"), subject_name="Đặng Thị Lụa")
    entry = factories.RegisterEntryFactory.through_service(personas.actor("commune_case_worker"))
    grant = factories.BreakGlassGrantFactory.through_service(personas.actor("other_verifier"), case)
    for object_type, made in (("case", case), ("verification_task", task), ("tip", tip), ("register_entry", entry)):
        assert AuditEvent.objects.filter(object_type=object_type, object_id=str(made.pk)).exists(), object_type
    assert AuditEvent.objects.filter(action="break_glass", object_id=str(case.pk)).exists() and grant.pk


@pytest.mark.django_db
def test_an_officer_factory_grants_the_role_in_the_agency_through_the_directory_service():
    from safereturn.audit.models import AuditEvent

    police = factories.AgencyFactory(agency_type__code="province_police", name="Công an thử")
    officer = factories.OfficerFactory(role="verifier", agency=police)
    membership = officer.memberships.get()
    assert (membership.agency, membership.role, membership.is_active) == (police, "verifier", True)
    assert officer.check_password("correct horse battery staple")
    assert AuditEvent.objects.filter(action="membership_changed", object_id=str(membership.pk)).exists()
    admin = factories.OfficerFactory(role="system_admin")
    assert admin.is_staff  # admin access follows the role, as membership_grant keeps it
