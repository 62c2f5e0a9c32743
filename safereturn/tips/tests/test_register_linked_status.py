"""Issue #16 (smaller): a register entry linked to a returned person's case is no longer "Đang theo dõi"."""

import pytest

from safereturn.tips.models import RegisterEntry

from .test_pages import _register_form

pytestmark = pytest.mark.django_db


def test_linking_a_followed_entry_to_a_case_marks_the_person_returned(world, new_case, force_sign_in):
    client = force_sign_in(world.police_officer)
    client.post("/tips/register/new/", _register_form(world))
    entry = RegisterEntry.objects.get()
    assert entry.status == "open"
    case = new_case()
    response = client.post(f"/tips/register/{entry.pk}/link-case/", {"version": 1, "case_number": case.number})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.linked_case == case and entry.status == "returned_victim"
    listed = client.get("/tips/register/", {"status": "returned_victim"})
    assert listed.status_code == 200 and str(entry.pk) in listed.content.decode()


def test_a_status_the_officer_chose_stays_when_linking(world, new_case, force_sign_in):
    client = force_sign_in(world.police_officer)
    client.post("/tips/register/new/", _register_form(world))
    entry = RegisterEntry.objects.get()
    RegisterEntry.objects.filter(pk=entry.pk).update(status="found_safe")
    case = new_case()
    client.post(f"/tips/register/{entry.pk}/link-case/", {"version": 1, "case_number": case.number})
    entry.refresh_from_db()
    assert entry.linked_case == case and entry.status == "found_safe"
