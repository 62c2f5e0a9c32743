import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases.models import CaseEvent
from safereturn.testing.personas import actor_of, new_agency
from safereturn.tips import services
from safereturn.tips.models import RegisterEntry, Tip

from .conftest import SUBJECT, SUMMARY

pytestmark = pytest.mark.django_db


def _when(**delta):
    return (timezone.localtime() - datetime.timedelta(**delta)).strftime("%d/%m/%Y %H:%M")


def _tip_form(world, **overrides):
    data = {
        "received_at": _when(hours=1),
        "source": "hotline_111",
        "suspected_pathway": "online_job",
        "province": 92,
        "commune": world.commune_a.code,
        "priority": "normal",
        "summary": SUMMARY,
        "subject_name": SUBJECT,
        "reporter_name": "Trần Văn Bình",
        "reporter_contact": "0912345678",
    }
    data.update(overrides)
    return data


def test_record_a_tip_then_its_detail_is_masked_and_every_read_audited(world, force_sign_in):
    client = force_sign_in(world.intake)
    form = client.get("/tips/new/").content.decode()
    assert 'name="summary"' in form
    response = client.post("/tips/new/", _tip_form(world))
    tip = Tip.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tips/{tip.pk}/"
    body = client.get(f"/tips/{tip.pk}/").content.decode()
    assert tip.number in body
    assert SUBJECT not in body and SUMMARY not in body and "0912345678" not in body
    assert "Đặng T. L." in body and "•••" in body
    assert timezone.localtime(tip.received_at).strftime("%d/%m/%Y") in body
    client.get(f"/tips/{tip.pk}/")
    assert AuditEvent.objects.filter(action="view", object_type="tip", object_id=str(tip.pk)).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_at": _when(hours=-3)}, "received_at"),  # in the future
        ({"received_at": "31/02/2026 10:00"}, "received_at"),
        ({"commune": 99999999}, "commune"),  # no such commune
        ({"province": 48}, "commune"),  # commune A is not in Đà Nẵng
        ({"province": 999}, "province"),
        ({"source": "rumour"}, "source"),
        ({"summary": ""}, "summary"),
    ],
)
def test_bad_input_changes_nothing_and_says_what_is_wrong(world, force_sign_in, overrides, field):
    client = force_sign_in(world.intake)
    response = client.post("/tips/new/", _tip_form(world, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="sr-error-summary"' in response.content.decode()
    assert Tip.objects.count() == 0


def test_list_filters_and_search_by_name_or_number(world, new_tip, force_sign_in):
    found = new_tip()
    other = new_tip(subject_name="Lò Văn Sáng", source="self")
    client = force_sign_in(world.intake)
    assert client.get("/tips/").context["page"].paginator.count == 2
    by_name = client.get("/tips/", {"q": "dang lua"}).context["rows"]  # no accents, any order
    assert [row.tip for row in by_name] == [found]
    by_number = client.get("/tips/", {"q": other.number.lower()}).context["rows"]
    assert [row.tip for row in by_number] == [other]
    assert [row.tip for row in client.get("/tips/", {"source": "self"}).context["rows"]] == [other]
    assert client.get("/tips/", {"status": "closed"}).context["page"].paginator.count == 0
    bad = client.get("/tips/", {"priority": "very"})
    assert bad.status_code == 200 and bad.context["page"] is None
    listing = AuditEvent.objects.filter(object_type="tip_list").order_by("id")
    assert listing[1].details["filters"] == {"q": "name"}  # the name searched is never written


def test_list_is_paginated(world, new_tip, force_sign_in):
    for _ in range(27):
        new_tip()
    client = force_sign_in(world.intake)
    first = client.get("/tips/")
    assert len(first.context["rows"]) == 25 and first.context["page"].has_next()
    assert len(client.get("/tips/", {"page": 2}).context["rows"]) == 2


def test_triage_forward_link_and_close_from_the_detail_page(world, new_tip, new_case, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.intake)
    client.post(f"/tips/{tip.pk}/triage/", {"version": 1, "priority": "urgent"})
    tip.refresh_from_db()
    assert (tip.status, tip.priority) == ("triaged", "urgent")
    client.post(f"/tips/{tip.pk}/forward/", {"version": tip.version, "to_agency": world.police.pk})
    tip.refresh_from_db()
    assert tip.forwarded_to == world.police
    case = new_case()
    police = force_sign_in(world.police_officer)
    response = police.post(f"/tips/{tip.pk}/link-case/", {"version": tip.version, "case_number": case.number})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == "linked" and tip.linked_case == case
    assert CaseEvent.objects.filter(case=case, kind="tip_linked").exists()
    body = police.get(f"/tips/{tip.pk}/").content.decode()
    assert f"/cases/{case.pk}/" in body and 'data-testid="close-form"' not in body


def test_linking_an_unknown_or_hidden_case_changes_nothing(world, new_tip, new_case, force_sign_in):
    tip = new_tip()
    hidden_case = new_case()  # the hotline takes no part in it
    client = force_sign_in(world.intake)
    for number in (hidden_case.number, "92-2026-999999"):
        response = client.post(f"/tips/{tip.pk}/link-case/", {"version": 1, "case_number": number}, follow=True)
        assert "Không có hồ sơ nào bạn được mở mang số này" in response.content.decode()
    tip.refresh_from_db()
    assert tip.status == "new" and tip.version == 1


def test_close_needs_a_reason_and_a_stale_form_is_refused(world, new_tip, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.intake)
    response = client.post(f"/tips/{tip.pk}/close/", {"version": 1, "reason": "other", "note": ""}, follow=True)
    assert "Nêu lý do kết thúc tin báo" in response.content.decode()
    client.post(f"/tips/{tip.pk}/triage/", {"version": 1, "priority": "low"})
    stale = client.post(f"/tips/{tip.pk}/close/", {"version": 1, "reason": "duplicate"}, follow=True)
    assert "Người khác đã thay đổi hồ sơ này" in stale.content.decode()
    tip.refresh_from_db()
    assert tip.status == "triaged"
    client.post(f"/tips/{tip.pk}/close/", {"version": tip.version, "reason": "duplicate"})
    tip.refresh_from_db()
    assert (tip.status, tip.close_reason) == ("closed", "duplicate")


def test_reveal_needs_a_reason_is_audited_and_can_be_hidden_again(world, new_tip, force_sign_in):
    tip = new_tip()
    client = force_sign_in(world.intake)
    client.post(f"/tips/{tip.pk}/reveal/", {"reason": "ngắn"})
    assert SUBJECT not in client.get(f"/tips/{tip.pk}/").content.decode()
    client.post(f"/tips/{tip.pk}/reveal/", {"reason": "Cần gọi lại cho người báo tin"})
    body = client.get(f"/tips/{tip.pk}/").content.decode()
    assert SUBJECT in body and SUMMARY in body
    assert AuditEvent.objects.filter(action="reveal", object_id=str(tip.pk)).count() == 1
    client.post(f"/tips/{tip.pk}/hide/")
    assert SUBJECT not in client.get(f"/tips/{tip.pk}/").content.decode()


def test_nav_links_to_tips_for_case_roles(world, force_sign_in):
    client = force_sign_in(world.intake)
    assert 'href="/tips/"' in client.get("/").content.decode()


# ---- the register -------------------------------------------------------------------------------


def _register_form(world, **overrides):
    data = {
        "commune": world.commune_a.code,
        "category": "missing_person",
        "full_name": "Hà Thị Mỷ",
        "birth_year": 2008,
        "sex": "female",
        "since": (timezone.localdate() - datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        "circumstances": "Đi khỏi địa phương, không rõ tung tích",
        "status": "open",
    }
    data.update(overrides)
    return data


def test_register_add_list_masked_and_edit(world, force_sign_in):
    client = force_sign_in(world.commune_officer)
    assert client.get("/tips/register/new/").status_code == 200
    response = client.post("/tips/register/new/", _register_form(world))
    assert response.status_code == 302
    entry = RegisterEntry.objects.get()
    listing = client.get("/tips/register/", {"commune": world.commune_a.code}).content.decode()
    assert "Hà T. M." in listing and "Hà Thị Mỷ" not in listing
    assert "Đi khỏi địa phương" not in listing
    edit = client.get(f"/tips/register/{entry.pk}/edit/")
    assert "Hà Thị Mỷ" in edit.content.decode()
    assert AuditEvent.objects.filter(action="reveal", object_type="register_entry", object_id=str(entry.pk)).exists()
    form = {k: v for k, v in _register_form(world, status="found_safe").items() if k != "commune"}
    response = client.post(f"/tips/register/{entry.pk}/edit/", {**form, "version": 1})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "found_safe" and entry.version == 2
    stale = client.post(f"/tips/register/{entry.pk}/edit/", {**form, "status": "closed", "version": 1})
    assert stale.status_code == 200 and "Người khác đã thay đổi hồ sơ này" in stale.content.decode()
    entry.refresh_from_db()
    assert entry.status == "found_safe"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"since": (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")}, "since"),
        ({"birth_year": timezone.localdate().year + 1}, "birth_year"),
        ({"commune": 99999999}, "commune"),
        ({"commune": "elsewhere"}, "commune"),
        ({"commune": "b"}, "commune"),  # same province, but not this commune's register
        ({"linked_tip_number": "TB-92-2026-999999"}, "linked_tip_number"),
        ({"full_name": ""}, "full_name"),
    ],
)
def test_register_bad_input_changes_nothing(world, force_sign_in, overrides, field):
    if overrides.get("commune") == "elsewhere":
        overrides = {"commune": world.commune_elsewhere.code}
    elif overrides.get("commune") == "b":
        overrides = {"commune": world.commune_b.code}
    client = force_sign_in(world.commune_officer)
    response = client.post("/tips/register/new/", _register_form(world, **overrides))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert RegisterEntry.objects.count() == 0


def test_register_link_case_from_the_edit_page(world, new_case, force_sign_in):
    client = force_sign_in(world.police_officer)  # provincial police keep the register of every commune of the province
    client.post("/tips/register/new/", _register_form(world))
    entry = RegisterEntry.objects.get()
    case = new_case()
    response = client.post(f"/tips/register/{entry.pk}/link-case/", {"version": 1, "case_number": case.number})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.linked_case == case
    event = case.events.get(kind="register_entry_linked")
    # Where it came from, never whom it names.
    assert event.data == {"entry": str(entry.pk), "commune": entry.commune_id}
    page = client.get(f"/cases/{case.pk}/")
    assert "Liên kết mục sổ theo dõi cấp xã" in page.content.decode()


def test_on_a_phone_each_tip_is_a_card_whose_cells_name_their_column(world, new_tip, force_sign_in):
    new_tip()
    page = force_sign_in(world.intake).get("/tips/").content.decode()
    assert 'class="table table-sm align-middle sr-stack"' in page
    for label in ("Số tin báo", "Nguồn tin", "Trạng thái"):
        assert f'data-label="{label}"' in page, label


def test_the_forwarding_picker_offers_only_competent_agencies_grouped_and_a_forged_choice_changes_nothing(
    world, new_tip, force_sign_in
):
    """Issue 16: the picker listed every agency of the country. It offers the agencies the policy lets
    the tip go to (competent to verify, in the tip's province or nationwide), the tip's commune first."""
    commune_police = new_agency(
        "commune_police", level="commune", commune_code=world.commune_a.code, name="Công an Phường Phú Lợi (thử)"
    )
    womens_union = new_agency("womens_union", name="Hội Liên hiệp Phụ nữ thành phố Cần Thơ (thử)")
    mission = new_agency("mission_abroad", level="national", name="Đại sứ quán Việt Nam tại Campuchia (thử)")
    tip = new_tip()
    client = force_sign_in(world.intake)
    page = client.get(f"/tips/{tip.pk}/")
    offered = set(page.context["forward_form"].fields["to_agency"].queryset)
    assert {commune_police, world.police, world.health, mission} <= offered
    for refused in (womens_union, world.commune_committee, world.elsewhere, world.hotline):
        assert refused not in offered, refused.name
    body = page.content.decode()
    assert f'<optgroup label="Tại xã, phường của tin báo: {world.commune_a.name}">' in body
    assert '<optgroup label="Toàn quốc">' in body and "Hội Liên hiệp Phụ nữ" not in body

    for forged in (womens_union, world.elsewhere):  # not offered: a forged POST
        response = client.post(f"/tips/{tip.pk}/forward/", {"version": 1, "to_agency": forged.pk}, follow=True)
        assert "chỉ có thể chuyển đến cơ quan có thẩm quyền trong danh sách" in response.content.decode()
        tip.refresh_from_db()
        assert (tip.version, tip.forwarded_to, tip.status) == (1, None, "new")
        assert not tip.events.filter(kind="forwarded").exists()

    client.post(f"/tips/{tip.pk}/forward/", {"version": 1, "to_agency": commune_police.pk})
    tip.refresh_from_db()
    assert tip.forwarded_to == commune_police


def test_the_service_and_the_api_refuse_an_agency_the_policy_would_not_offer(world, new_tip, force_sign_in):
    womens_union = new_agency("womens_union", name="Hội Liên hiệp Phụ nữ thành phố Cần Thơ (thử 2)")
    tip = new_tip()
    with pytest.raises(ValidationError) as refused:
        services.tip_forward(actor=actor_of(world.intake), tip=tip, expected_version=1, to_agency=world.elsewhere)
    assert "to_agency" in refused.value.message_dict
    client = force_sign_in(world.intake)
    answer = client.post(
        f"/api/tips/{tip.pk}/forward/", {"version": 1, "to_agency": womens_union.pk}, content_type="application/json"
    )
    assert answer.status_code == 400 and "to_agency" in answer.json()
    tip.refresh_from_db()
    assert (tip.version, tip.forwarded_to) == (1, None)
