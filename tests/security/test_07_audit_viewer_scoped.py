"""Finding 7: the audit viewer was national for everyone.

An auditor of a province reads the events of that province's agencies and cases; the ministry's
auditor reads them all. Auditors find a case's events by its number, and read labels, not codes.
"""

import pytest

from safereturn.audit.services import audit_record
from safereturn.testing.personas import DA_NANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(personas, make_case):
    """Events in Cần Thơ (by its police, about its case) and in Đà Nẵng (by its police, about its case)."""
    can_tho_case = make_case()
    da_nang_case = make_case(personas.actor("other_case_worker"))
    police, other = personas.police, personas.other_police
    audit_record(action="view", actor_username="kit.ct", agency_id=police.pk, role="verifier", object_type="tip")
    audit_record(action="view", actor_username="kit.dn", agency_id=other.pk, role="verifier", object_type="tip")
    # A national agency's officer opening each province's case: the case's province decides.
    audit_record(action="view", actor_username="kit.national", object_type="case", object_id=can_tho_case.pk)
    audit_record(action="view", actor_username="kit.national", object_type="case", object_id=da_nang_case.pk)
    return can_tho_case, da_nang_case


WRITERS = ("kit.ct", "kit.dn", "kit.national")


def usernames(client, **query):
    """Which of the test's writers the auditor sees (each asked apart: a page holds 50 events)."""
    seen, page = set(), ""
    for user in WRITERS:
        response = client.get("/audit/", {**query, "user": user})
        assert response.status_code == 200
        seen |= {row["event"].actor_username for row in response.context["rows"]}
        page += response.content.decode()
    return seen, page


def test_a_provincial_auditor_reads_only_their_province(client, trail, make_agency, make_officer, force_sign_in):
    can_tho_case, da_nang_case = trail
    force_sign_in(make_officer("auditor", agency=make_agency("steering_committee", level="province")))
    seen, _page = usernames(client, action="view")
    assert {"kit.ct", "kit.national"} <= seen
    assert "kit.dn" not in seen
    seen, _page = usernames(client, object_id=str(da_nang_case.pk))
    assert seen == set()
    seen, _page = usernames(client, object_id=str(can_tho_case.pk))
    assert "kit.national" in seen


def test_an_auditor_of_another_province_reads_theirs(client, trail, make_agency, make_officer, force_sign_in):
    force_sign_in(
        make_officer("auditor", agency=make_agency("steering_committee", level="province", province_code=DA_NANG))
    )
    seen, _page = usernames(client, action="view")
    assert {"kit.dn", "kit.national"} <= seen and "kit.ct" not in seen


def test_the_ministry_auditor_reads_every_province(client, trail, make_agency, make_officer, force_sign_in):
    force_sign_in(make_officer("auditor", agency=make_agency("ministry", level="national")))
    seen, _page = usernames(client, action="view")
    assert {"kit.ct", "kit.dn", "kit.national"} <= seen


def test_an_event_of_another_province_cannot_be_opened(client, trail, make_agency, make_officer, force_sign_in):
    from safereturn.audit.models import AuditEvent

    force_sign_in(make_officer("auditor", agency=make_agency("steering_committee", level="province")))
    other = AuditEvent.objects.get(actor_username="kit.dn")
    assert client.get(f"/audit/{other.pk}/").status_code == 404
    mine = AuditEvent.objects.get(actor_username="kit.ct")
    assert client.get(f"/audit/{mine.pk}/").status_code == 200


def test_search_by_case_number(client, trail, make_agency, make_officer, force_sign_in):
    can_tho_case, da_nang_case = trail
    force_sign_in(make_officer("auditor", agency=make_agency("ministry", level="national")))
    response = client.get("/audit/", {"case_number": can_tho_case.number})
    object_ids = {row["event"].object_id for row in response.context["rows"]}
    assert object_ids == {str(can_tho_case.pk)}
    response = client.get("/audit/", {"case_number": "no-such-number"})
    assert list(response.context["rows"]) == []


def test_labels_not_codes(client, personas, trail, make_agency, make_officer, force_sign_in):
    force_sign_in(make_officer("auditor", agency=make_agency("ministry", level="national")))
    page = client.get("/audit/", {"user": "kit.ct"}).content.decode()
    assert personas.police.name in page  # the agency by name
    assert "Cán bộ xác minh" in page  # the role's label
    assert "Tin báo" in page  # the object type's label
    assert 'data-label="Thao tác">Xem</td>' in page  # the action's label
    assert ">verifier<" not in page and ">tip " not in page
    can_tho_case, _da_nang_case = trail
    page = client.get("/audit/", {"case_number": can_tho_case.number}).content.decode()
    assert can_tho_case.number in page and str(can_tho_case.pk) not in page  # the case by its number
