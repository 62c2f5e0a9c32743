"""Who may see tips and register entries, on pages and through the API."""

import datetime

import pytest
from django.utils import timezone

from safereturn.access import policy
from safereturn.testing.personas import actor_of
from safereturn.tips import services

from .conftest import SUBJECT

pytestmark = pytest.mark.django_db


def _entry(world, user, commune):
    return services.register_entry_add(
        actor=actor_of(user),
        data=services.RegisterEntryData(
            commune_id=commune.code,
            category="at_risk",
            full_name="Lò Văn Sáng",
            since=timezone.localdate() - datetime.timedelta(days=3),
        ),
    )


def test_an_agency_of_another_province_gets_404_on_page_and_api(world, new_tip, force_sign_in):
    tip = new_tip()
    entry = _entry(world, world.commune_officer, world.commune_a)
    client = force_sign_in(world.elsewhere_officer)
    for url in (
        f"/tips/{tip.pk}/",
        f"/api/tips/{tip.pk}/",
        f"/api/tips/{tip.pk}/timeline/",
        f"/tips/register/{entry.pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/tips/{tip.pk}/triage/", f"/api/tips/{tip.pk}/triage/"):
        response = client.post(url, {"version": 1, "priority": "urgent"}, content_type="application/json")
        assert response.status_code == 404, url
    assert client.post(f"/tips/{tip.pk}/close/", {"version": 1, "reason": "duplicate"}).status_code == 404
    assert client.patch(f"/api/register-entries/{entry.pk}/", {"version": 1}, "application/json").status_code == 404
    assert client.get("/api/tips/").json()["count"] == 0
    assert f"/tips/{tip.pk}/" not in client.get("/tips/", {"q": tip.number}).content.decode()
    assert client.get("/api/register-entries/").json()["count"] == 0
    tip.refresh_from_db()
    assert tip.status == "new" and tip.version == 1


@pytest.mark.parametrize("role", ["system_admin", "auditor", "reporting_officer", "programme_officer"])
def test_roles_without_case_access_get_403(world, new_tip, make_officer, force_sign_in, role):
    tip = new_tip()
    entry = _entry(world, world.commune_officer, world.commune_a)
    officer = make_officer(role, agency=world.hotline)
    client = force_sign_in(officer)
    for url in (
        "/tips/",
        "/tips/new/",
        f"/tips/{tip.pk}/",
        "/tips/register/",
        "/tips/register/new/",
        f"/tips/register/{entry.pk}/edit/",
        "/api/tips/",
        f"/api/tips/{tip.pk}/",
        f"/api/tips/{tip.pk}/timeline/",
        "/api/register-entries/",
    ):
        assert client.get(url).status_code == 403, url
    for url in (f"/tips/{tip.pk}/reveal/", f"/api/tips/{tip.pk}/reveal/", "/api/tips/", "/api/register-entries/"):
        assert client.post(url, {"reason": "x" * 20}, content_type="application/json").status_code == 403, url
    assert policy.visible_tips(actor_of(officer)).count() == 0
    assert policy.visible_register_entries(actor_of(officer)).count() == 0


def test_forwarding_opens_the_tip_to_the_receiver_on_page_and_api(world, new_tip, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.police_officer)
    assert client.get(f"/tips/{tip.pk}/").status_code == 404
    assert client.get(f"/api/tips/{tip.pk}/").status_code == 404
    services.tip_forward(actor=actor_of(world.intake), tip=tip, expected_version=1, to_agency=world.police)
    page = client.get(f"/tips/{tip.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert SUBJECT not in body and "Đặng T. L." in body
    assert 'data-testid="triage-form"' in body  # the holder can act
    api = client.get(f"/api/tips/{tip.pk}/")
    assert api.status_code == 200 and api.json()["subject_name"] == "Đặng T. L."
    assert SUBJECT not in api.content.decode()
    assert client.get("/api/tips/").json()["count"] == 1


def test_jurisdiction_supervisor_reads_but_cannot_act(world, new_tip, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.health_supervisor)
    body = client.get(f"/tips/{tip.pk}/").content.decode()
    assert 'data-testid="triage-form"' not in body and 'data-testid="reveal-form"' not in body
    assert client.post(f"/tips/{tip.pk}/triage/", {"version": 1, "priority": "urgent"}).status_code == 403
    response = client.post(f"/api/tips/{tip.pk}/triage/", {"version": 1, "priority": "urgent"}, "application/json")
    assert response.status_code == 403
    assert client.post(f"/api/tips/{tip.pk}/reveal/", {"reason": "x" * 20}, "application/json").status_code == 403
    tip.refresh_from_db()
    assert tip.priority == "normal" and tip.version == 1


def test_the_register_is_scoped_by_commune(world, make_agency, make_officer):
    entry_a = _entry(world, world.commune_officer, world.commune_a)
    entry_b = _entry(world, world.commune_b_officer, world.commune_b)

    def seen(user):
        return set(policy.visible_register_entries(actor_of(user)).values_list("pk", flat=True))

    assert seen(world.commune_officer) == {entry_a.pk}
    assert seen(world.commune_b_officer) == {entry_b.pk}
    assert seen(world.police_officer) == {entry_a.pk, entry_b.pk}  # provincial agency: every commune
    assert seen(world.health_case_worker) == {entry_a.pk, entry_b.pk}
    assert seen(world.elsewhere_officer) == set()
    ministry = make_officer("supervisor", agency=make_agency("ministry", level="national"))
    assert seen(ministry) == set()  # national bodies get figures, not names
    assert seen(make_officer("reporting_officer", agency=world.commune_committee)) == set()
    assert not policy.can_keep_register(actor_of(world.commune_officer), world.commune_b)
    assert policy.can_keep_register(actor_of(world.police_officer), world.commune_b)


def test_register_pages_and_api_are_scoped_by_commune(world, force_sign_in):
    entry_a = _entry(world, world.commune_officer, world.commune_a)
    entry_b = _entry(world, world.commune_b_officer, world.commune_b)
    client = force_sign_in(world.commune_officer)
    assert client.get(f"/tips/register/{entry_b.pk}/edit/").status_code == 404
    assert client.get(f"/tips/register/{entry_a.pk}/edit/").status_code == 200
    rows = client.get("/api/register-entries/").json()["results"]
    assert [r["id"] for r in rows] == [str(entry_a.pk)]
    # Asking for another commune's register is refused, not silently emptied.
    response = client.get("/api/register-entries/", {"commune": world.commune_b.code})
    assert response.status_code == 400 and "commune" in response.json()
