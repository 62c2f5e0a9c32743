"""Walk every case page and endpoint as every role of every demo agency, for cases inside and
outside each agency's jurisdiction, with and without participation; check allow/deny and masking.

The expected outcome is restated here from the mission's rules, independently of the policy code.
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.cases import services
from safereturn.directory.models import Agency, Membership

CASE_ROLES = {"intake_officer", "case_worker", "verifier", "supervisor"}
OVERSEEING_TYPES = {"health_department", "province_police", "border_guard", "commune_committee", "ministry"}
ADULT_NAME, CHILD_NAME = "Đặng Thị Lụa", "Hà Thị Mỷ"

# Views that never touch case data (sign-in, admin, reference data, schema...).
NON_CASE_PREFIXES = (
    "admin/",
    "accounts/",
    "i18n/",
    "api/schema",
    "api/docs",
    "healthz",
    "acting-as",
    "api/me",
    "api/agencies",
    "geo/communes",
    "audit/",
)


def _expected(membership, case_province, case_commune, participants):
    role, agency = membership.role, membership.agency
    if role not in CASE_ROLES:
        return "forbidden"
    if agency.pk in participants:
        return "participant"
    if role == "supervisor" and agency.agency_type.code in OVERSEEING_TYPES:
        level = agency.jurisdiction_level
        if (
            level == "national"
            or (level == "province" and agency.province_id == case_province)
            or (level == "commune" and agency.commune_id == case_commune)
        ):
            return "jurisdiction"
    return "hidden"


@pytest.fixture
def world(db):
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    receiver = Membership.objects.get(user__username="ct.phuloi.ubnd.intake_officer")
    health = Agency.objects.get(name="Sở Y tế Cần Thơ")
    actor = Actor(receiver.user, receiver)
    now = timezone.now() - datetime.timedelta(hours=1)

    def intake(name, year, commune, province, actor, **extra):
        data = services.IntakeData(
            person=services.PersonData(full_name=name, sex="female", birth_year=year, id_number="0920010099"),
            channel="self_return",
            received_at=now,
            province_id=province,
            commune_id=commune,
            route="cross_border",
            destination_country="CN",
            risk_level="high",
            exploitation_forms=["forced_marriage"],
            **extra,
        )
        return services.intake_record(actor=actor, data=data)

    adult = intake(ADULT_NAME, 1998, 31510, 92, actor, responsible_agency_id=health.pk)
    dn_receiver = Membership.objects.get(user__username="dn.taygiang.ubnd.intake_officer")
    child = intake(CHILD_NAME, timezone.now().year - 15, 20455, 48, Actor(dn_receiver.user, dn_receiver))
    return {"adult": adult, "child": child}


def _memberships():
    return Membership.objects.filter(is_active=True).select_related("user", "agency", "agency__agency_type")


@override_settings(SAFERETURN_REQUIRE_2FA=False)
@pytest.mark.parametrize("which", ["adult", "child"])
def test_every_role_of_every_agency_on_every_case_endpoint(client, world, which):
    case = world[which]
    participants = set(case.participants.filter(is_active=True).values_list("agency_id", flat=True))
    full_name = ADULT_NAME if which == "adult" else CHILD_NAME
    outcomes = {"forbidden": 0, "participant": 0, "jurisdiction": 0, "hidden": 0}
    for membership in _memberships():
        expected = _expected(membership, case.province_id, case.commune_id, participants)
        outcomes[expected] += 1
        client.force_login(membership.user)
        who = f"{membership.user.username} ({expected})"
        pages = {
            "detail": client.get(f"/cases/{case.pk}/"),
            "edit": client.get(f"/cases/{case.pk}/edit/"),
            "api_detail": client.get(f"/api/cases/{case.pk}/"),
            "api_timeline": client.get(f"/api/cases/{case.pk}/timeline/"),
            "api_notes": client.get(f"/api/cases/{case.pk}/notes/"),
            "api_person": client.get(f"/api/cases/{case.pk}/person/"),
            "api_consents": client.get(f"/api/cases/{case.pk}/consents/"),
            "api_documents": client.get(f"/api/cases/{case.pk}/documents/"),
            "consent_page": client.get(f"/cases/{case.pk}/consents/"),
        }
        home = client.get("/").content.decode()
        assert (f"/cases/{case.pk}/" in home) == (expected in ("participant", "jurisdiction")), (who, "home")
        listing = client.get("/cases/", {"q": case.number})
        api_listing = client.get("/api/cases/", {"q": case.number})
        if expected == "forbidden":
            for name, response in pages.items():
                assert response.status_code == 403, (who, name, response.status_code)
            assert listing.status_code == 403 and api_listing.status_code == 403, who
        elif expected == "hidden":
            for name, response in pages.items():
                assert response.status_code == 404, (who, name, response.status_code)
            assert f"/cases/{case.pk}/" not in listing.content.decode(), who
            assert api_listing.json()["count"] == 0, who
        else:
            for name in (
                "detail",
                "api_detail",
                "api_timeline",
                "api_notes",
                "api_person",
                "api_consents",
                "api_documents",
            ):
                assert pages[name].status_code == 200, (who, name, pages[name].status_code)
            body = pages["detail"].content.decode()
            assert full_name not in body, (who, "identity must be masked by default")
            assert full_name.split()[0] in body
            assert pages["api_detail"].json()["person"]["name"] != full_name
            assert full_name not in pages["api_detail"].content.decode()
            assert pages["edit"].status_code == (200 if expected == "participant" else 403), who
            assert pages["consent_page"].status_code == (200 if expected == "participant" else 403), who
            assert full_name not in pages["api_person"].content.decode(), who
            assert f"/cases/{case.pk}/" in listing.content.decode(), who
            assert api_listing.json()["count"] == 1, who
        # Reveal: participants only; for a child, only case workers and verifiers.
        reveal = client.post(
            f"/api/cases/{case.pk}/reveal/", {"reason": "Cần liên hệ gia đình"}, content_type="application/json"
        )
        may_reveal = expected == "participant" and (which == "adult" or membership.role in {"case_worker", "verifier"})
        person_page = client.get(f"/cases/{case.pk}/person/")
        if may_reveal:
            assert reveal.status_code == 200 and reveal.json()["full_name"] == full_name, who
            assert person_page.status_code == 200 and full_name in person_page.content.decode(), who
        else:
            assert reveal.status_code in (403, 404), (who, reveal.status_code)
            assert person_page.status_code in (403, 404), (who, person_page.status_code)
        client.logout()
    # The demo world must exercise every branch, or this test proves little.
    assert all(outcomes.values()), outcomes


def _task(case, requester_username, assignee_name):
    """A verification task on the case, asked for by an officer of an agency leading it."""
    from safereturn.identification import services as identification_services

    requester = Membership.objects.get(user__username=requester_username, is_active=True)
    return identification_services.verification_task_create(
        actor=Actor(requester.user, requester),
        case=case,
        kind="identity",
        assignee_agency_id=Agency.objects.get(name=assignee_name).pk,
    )


@override_settings(SAFERETURN_REQUIRE_2FA=False)
@pytest.mark.parametrize(
    "which, requester, assignee",
    [
        # The responsible health department (it has supervisors) asks the provincial police.
        ("adult", "ct.syt.supervisor", "Công an Cần Thơ"),
        # The receiving commune (no supervisor there) asks the provincial police of Đà Nẵng.
        ("child", "dn.taygiang.ubnd.case_worker", "Công an Đà Nẵng"),
    ],
)
def test_every_role_of_every_agency_on_a_verification_task_and_its_due_date(client, world, which, requester, assignee):
    """The task page and endpoint follow the case; moving the due date is for supervisors of the agency that
    asked for the task or of the agency that does it, and no one else, inside or outside the jurisdiction."""
    from safereturn.identification.models import VerificationTask

    case = world[which]
    task = _task(case, requester, assignee)
    participants = set(case.participants.filter(is_active=True).values_list("agency_id", flat=True))
    movers = {task.requested_by_agency_id, task.assignee_agency_id}
    outcomes = {"forbidden": 0, "participant": 0, "jurisdiction": 0, "hidden": 0, "moved": 0, "refused": 0}
    for n, membership in enumerate(_memberships()):
        expected = _expected(membership, case.province_id, case.commune_id, participants)
        outcomes[expected] += 1
        client.force_login(membership.user)
        who = f"{membership.user.username} ({expected})"
        version = VerificationTask.objects.get(pk=task.pk).version
        due = timezone.localdate() + datetime.timedelta(days=20 + 2 * n)
        page = client.get(f"/identification/cases/{case.pk}/tasks/{task.pk}/")
        api = client.get(f"/api/cases/{case.pk}/verification-tasks/{task.pk}/")
        move_page = client.post(
            f"/identification/cases/{case.pk}/tasks/{task.pk}/due-date/",
            {"due-version": version, "due-due_date": due.strftime("%d/%m/%Y"), "due-reason": "Chờ kết quả"},
        )
        move_api = client.post(
            f"/api/cases/{case.pk}/verification-tasks/{task.pk}/due-date/",
            {"version": version + 1, "due_date": (due + datetime.timedelta(days=1)).isoformat(), "reason": "Chờ"},
            content_type="application/json",
        )
        if expected == "forbidden":
            for name, response in {"page": page, "api": api, "move_page": move_page, "move_api": move_api}.items():
                assert response.status_code == 403, (who, name, response.status_code)
        elif expected == "hidden":
            for name, response in {"page": page, "api": api, "move_page": move_page, "move_api": move_api}.items():
                assert response.status_code == 404, (who, name, response.status_code)
        else:
            assert page.status_code == 200 and api.status_code == 200, (who, page.status_code, api.status_code)
            may_move = membership.role == "supervisor" and membership.agency_id in movers
            assert ('data-testid="due-date-form"' in page.content.decode()) == may_move, who
            if may_move:
                assert move_page.status_code == 302, (who, move_page.status_code)
                assert move_api.status_code == 200, (who, move_api.status_code, move_api.content)
                outcomes["moved"] += 1
            else:
                assert move_page.status_code == 403 and move_api.status_code == 403, (who, move_page, move_api)
                outcomes["refused"] += 1
        client.logout()
    task.refresh_from_db()
    assert task.version == 1 + 2 * outcomes["moved"]
    assert all(outcomes.values()), outcomes


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_view_outside_the_known_non_case_ones_declares_its_access_policy():
    unmarked = []
    for route, callback in _walk(get_resolver()):
        if route.startswith(NON_CASE_PREFIXES):
            continue
        target = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
        if getattr(target, "access_policy", None) not in ("case_data", "no_case_data"):
            unmarked.append(route)
    assert unmarked == [], f"views without an access policy: {unmarked}"


def test_case_scoped_api_views_cannot_override_get_queryset():
    from safereturn.access.api import CaseScopedMixin

    with pytest.raises(TypeError):

        class Sneaky(CaseScopedMixin):
            def get_queryset(self):
                return None
