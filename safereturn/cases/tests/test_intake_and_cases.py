import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from safereturn.access import policy
from safereturn.access.policy import case_for_actor, visible_cases
from safereturn.audit.models import AuditEvent
from safereturn.cases import services
from safereturn.cases.models import Case, CaseEvent, CaseNote, Person
from safereturn.core import errors, name_keys
from safereturn.testing.personas import actor_of, record_case

pytestmark = pytest.mark.django_db

# The intake officer of the Phú Lợi ward committee (commune 31510, Cần Thơ) is the kit's
# ``personas.intake``; the commune committee is ``personas.commune``.


def intake_form(**overrides):
    data = {
        "full_name": "Lâm Văn Tài",
        "sex": "male",
        "birth_year": "2003",
        "nationality": "VN",
        "channel": "self_return",
        "received_at": (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%d/%m/%Y %H:%M"),
        "province": "92",
        "commune": "31510",
        "route": "cross_border",
        "destination_country": "KH",
        "exploitation_forms": ["forced_labour", "forced_crime"],
        "immediate_needs_met": ["food", "travel"],
        "risk_level": "medium",
        "accompanying_children": "0",
        "consent_processing": "on",
        "consent_given_on": timezone.localdate().strftime("%d/%m/%Y"),
    }
    data.update(overrides)
    return data


def test_intake_page_records_a_case_with_timeline_consent_and_audit(client, personas, force_sign_in):
    user, agency = personas.intake, personas.commune
    force_sign_in(user)
    response = client.post("/cases/intake/", intake_form())
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.number == f"92-{timezone.localdate().year}-000001"
    assert case.receiving_agency == agency and case.age_group == "adult"
    assert case.exploitation_list == ["forced_crime", "forced_labour"]
    assert case.person.full_name == "Lâm Văn Tài"
    assert case.consents.get().processing is True
    assert list(case.events.values_list("kind", flat=True)) == ["consent_recorded", "case_created"] or set(
        case.events.values_list("kind", flat=True)
    ) == {"consent_recorded", "case_created"}
    assert AuditEvent.objects.filter(action="create", object_id=str(case.pk), actor_id=user.pk).exists()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Lâm V. T." in page and "Lâm Văn Tài" not in page
    assert AuditEvent.objects.filter(action="view", object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"received_at": "01/01/2099 10:00"}, "received_at"),
        ({"received_at": "31/02/2026 10:00"}, "received_at"),
        ({"date_of_birth": "01/01/2099", "birth_year": ""}, "date_of_birth"),
        ({"commune": "20242"}, "commune"),  # a Đà Nẵng ward, not in Cần Thơ
        ({"commune": "999999"}, "commune"),
        ({"destination_country": ""}, "destination_country"),
        ({"nationality": "XX"}, "nationality"),
        ({"channel": "teleport"}, "channel"),
        ({"full_name": ""}, "full_name"),
        ({"consent_given_on": ""}, "consent_given_on"),
        ({"channel": "official_handover"}, "handover_place"),
    ],
)
def test_bad_intake_input_gets_field_messages_and_changes_nothing(client, personas, force_sign_in, overrides, field):
    user = personas.intake
    force_sign_in(user)
    events_before = AuditEvent.objects.filter(action="create").count()
    response = client.post("/cases/intake/", intake_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="sr-error-summary"' in response.content.decode()
    assert Case.objects.count() == 0 and Person.objects.count() == 0
    assert AuditEvent.objects.filter(action="create").count() == events_before


def test_duplicate_warning_then_link_to_the_known_person(client, personas, force_sign_in):
    user = personas.intake
    force_sign_in(user)
    client.post("/cases/intake/", intake_form(full_name="Nguyễn Thị Hồng Nhung", birth_year="2000", sex="female"))
    first = Case.objects.get()
    response = client.post(
        "/cases/intake/", intake_form(full_name="Nguyen Hong Nhung Thi", birth_year="2001", sex="female")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="duplicate-warning"' in body and first.number in body
    assert Case.objects.count() == 1
    response = client.post(
        "/cases/intake/",
        intake_form(full_name="Nguyen Hong Nhung Thi", birth_year="2001", sex="female", link_to_person=first.person_id),
    )
    assert response.status_code == 302
    second = Case.objects.exclude(pk=first.pk).get()
    assert second.person_id == first.person_id and Person.objects.count() == 1
    assert second.events.filter(kind="person_linked").exists()


def test_duplicates_held_by_other_agencies_are_counted_not_shown(
    client, personas, force_sign_in, make_agency, make_officer
):
    user = personas.intake
    other = make_agency("commune_committee", level="commune", commune_code=20242, province_code=48)
    stranger = make_officer("intake_officer", agency=other)
    record_case(
        actor_of(stranger),
        full_name="Phan Thị Diệu Linh",
        sex="female",
        birth_year=1995,
        channel="self_return",
        received_at=timezone.now(),
        province_id=48,
        commune_id=20242,
        route="domestic",
        risk_level="low",
    )
    force_sign_in(user)
    response = client.post("/cases/intake/", intake_form(full_name="Phan Thi Dieu Linh", birth_year="1995"))
    body = response.content.decode()
    assert response.context["hidden_matches"] == 1 and not response.context["candidates"]
    assert "48-" not in body  # no number, no link to a case the officer may not see
    # Confirming a new person saves the case.
    response = client.post(
        "/cases/intake/",
        intake_form(
            full_name="Phan Thi Dieu Linh",
            birth_year="1995",
            confirm_new_person="on",
            new_person_reason="Quê khác, cha mẹ khác",
        ),
    )
    assert response.status_code == 302 and Person.objects.count() == 2


def test_cannot_link_to_a_person_outside_scope(personas, make_agency, make_officer):
    user = personas.intake
    other = make_agency("commune_committee", level="commune", commune_code=20242, province_code=48)
    stranger = make_officer("intake_officer", agency=other)
    hidden = record_case(
        actor_of(stranger),
        person=services.PersonData(full_name="Võ Thị Sáu"),
        channel="self_return",
        received_at=timezone.now(),
        province_id=48,
        commune_id=20242,
        route="domestic",
        risk_level="low",
    )
    data = services.IntakeData(
        person=services.PersonData(full_name="x"),
        channel="self_return",
        received_at=timezone.now(),
        province_id=92,
        commune_id=31510,
        route="domestic",
        risk_level="low",
        link_to_person_id=hidden.person_id,
    )
    with pytest.raises(errors.Denied):
        services.intake_record(actor=actor_of(user), data=data)
    assert Case.objects.count() == 1


def test_second_save_of_a_stale_version_is_refused(client, personas, force_sign_in):
    user = personas.intake
    actor = actor_of(user)
    force_sign_in(user)
    client.post("/cases/intake/", intake_form())
    case = Case.objects.get()
    services.case_update(actor=actor, case=case, expected_version=1, changes={"risk_level": "high"})
    # A second officer had the form open at version 1.
    response = client.post(
        f"/cases/{case.pk}/edit/", {"version": "1", "route": "domestic", "risk_level": "low", "destination_country": ""}
    )
    assert response.status_code == 200
    assert "Người khác đã thay đổi hồ sơ này" in str(response.context["form"].non_field_errors())
    case.refresh_from_db()
    assert (case.risk_level, case.route, case.version) == ("high", "cross_border", 2)
    history = case.events.get(kind="case_updated").data["fields"]
    assert history == {"risk_level": ["medium", "high"]}
    changed = client.get(f"/cases/{case.pk}/").context["timeline"]
    assert [row["changed"] for row in changed if row["code"] == "case_updated"] == ["đánh giá nguy cơ ban đầu"]


def test_identity_changes_are_recorded_without_values(personas):
    user = personas.intake
    actor = actor_of(user)
    case = record_case(
        actor, person=services.PersonData(full_name="Lò Thị Mai", phone="0912345678"), province_id=92, commune_id=31510
    )
    services.person_update(
        actor=actor,
        case=case,
        expected_version=1,
        changes={"full_name": "Lò Thị Mây", "phone": "0987654321", "sex": "female"},
    )
    event = case.events.get(kind="person_updated")
    assert event.data["fields"]["full_name"] == "changed" and event.data["fields"]["phone"] == "changed"
    from django.utils import translation

    from safereturn.cases.presenters import changed_fields

    with translation.override("vi"):
        assert changed_fields(event.kind, event.data) == "họ và tên, điện thoại, giới tính"
    assert "Mây" not in str(event.data) and "0987654321" not in str(event.data)
    assert name_keys.search_keys("lo thi may") <= set(case.person.name_keys.values_list("key", flat=True))
    with pytest.raises(errors.Conflict):
        services.person_update(actor=actor, case=case, expected_version=1, changes={"ethnicity": "Thái"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_the_same_version_cannot_both_succeed(make_agency, make_officer):
    from django.core.management import call_command

    call_command("load_geography", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    agency = make_agency("commune_committee", level="commune", commune_code=31510)
    actor = actor_of(make_officer("case_worker", agency=agency))
    case = record_case(actor, person=services.PersonData(full_name="Tạ Thị Gấm"), province_id=92, commune_id=31510)
    results, barrier = [], threading.Barrier(2)

    def save(level):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.case_update(
                actor=actor, case=Case.objects.get(pk=case.pk), expected_version=1, changes={"risk_level": level}
            )
            results.append("ok")
        except errors.Conflict:
            results.append("conflict")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=save, args=(level,)) for level in ("high", "medium")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert Case.objects.get(pk=case.pk).version == 2


def test_notes_follow_sensitive_categories(personas, make_agency, make_officer):
    user = personas.intake
    actor = actor_of(user)
    case = record_case(actor, person=services.PersonData(full_name="Sầm Thị Xuân"), province_id=92, commune_id=31510)
    services.note_add(actor=actor, case=case, category="general", body="Đã liên hệ gia đình.")
    with pytest.raises(errors.Denied):
        services.note_add(actor=actor, case=case, category="investigation", body="x")
    police = make_agency("province_police")
    verifier = actor_of(make_officer("verifier", agency=police))
    case.participants.create(agency=police, role="assignee")
    services.note_add(actor=verifier, case=case, category="investigation", body="Đối tượng môi giới: ...")
    from safereturn.cases.selectors import case_notes

    assert [n.category for n in case_notes(actor, case)] == ["general"]
    assert {n.category for n in case_notes(verifier, case)} == {"general", "investigation"}
    assert CaseNote.objects.count() == 2


def test_emergency_access_in_the_province_opens_read_only_for_the_rule_minutes_and_tells_supervisors(
    personas, make_agency, make_officer
):
    from safereturn.notifications.models import Notification

    user, agency = personas.intake, personas.commune
    case = record_case(
        actor_of(user),
        person=services.PersonData(full_name="Mạc Thị Hạnh"),
        province_id=92,
        commune_id=31510,
        risk_level="high",
    )
    police = make_agency("criminal_police", province_code=92)
    officer = make_officer("verifier", agency=police)
    supervisor = make_officer("supervisor", agency=police)
    receiving_supervisor = make_officer("supervisor", agency=agency)
    outsider = actor_of(officer)
    assert not visible_cases(outsider).filter(pk=case.pk).exists()
    grant = services.emergency_access_ask(
        actor=outsider,
        case_id=case.pk,
        category="danger_to_life",
        justification="Người này gọi đường dây nóng báo đang bị giữ tại bến xe, cần xác minh ngay",
    )
    assert grant.status == "granted" and grant.route == "within_bounds"
    assert round((grant.expires_at - grant.granted_at).total_seconds() / 60) == 60  # the seeded rule's minutes
    assert visible_cases(outsider).filter(pk=case.pk).exists()
    opened = case_for_actor(outsider, case.pk)
    assert not policy.can_edit_case(outsider, opened) and not policy.can_reveal_identity(outsider, opened)
    notified = set(Notification.objects.filter(kind="break_glass").values_list("recipient_id", flat=True))
    assert {supervisor.pk, receiving_supervisor.pk} <= notified and officer.pk not in notified
    assert AuditEvent.objects.filter(action="break_glass", actor_id=officer.pk, object_id=str(case.pk)).exists()
    assert CaseEvent.objects.filter(case=case, kind="break_glass").exists()
    grant.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    grant.save()
    assert not visible_cases(outsider).filter(pk=case.pk).exists()


def test_case_list_filters_search_and_pagination(client, personas, force_sign_in):
    user = personas.intake
    actor = actor_of(user)
    now = timezone.now()
    for i in range(30):
        record_case(
            actor,
            full_name=f"Trịnh Thị Mơ {chr(65 + i % 26)}",
            sex="female",
            birth_year=2010 if i % 3 == 0 else 1990,
            channel="rescue_abroad" if i % 2 else "self_return",
            received_at=now - datetime.timedelta(days=i),
            province_id=92,
            commune_id=31510,
            route="cross_border",
            destination_country="CN",
            exploitation_forms=["forced_marriage"] if i % 5 == 0 else ["sexual"],
        )
    force_sign_in(user)
    page = client.get("/cases/")
    assert page.context["page"].paginator.count == 30 and len(page.context["rows"]) == 25
    assert client.get("/cases/", {"page": 2}).context["page"].object_list.__len__() == 5
    assert client.get("/cases/", {"channel": "rescue_abroad"}).context["page"].paginator.count == 15
    assert client.get("/cases/", {"age_group": "child"}).context["page"].paginator.count == 10
    assert client.get("/cases/", {"exploitation": "forced_marriage"}).context["page"].paginator.count == 6
    assert client.get("/cases/", {"q": "mo trinh"}).context["page"].paginator.count == 30
    number = Case.objects.order_by("number").first().number
    assert client.get("/cases/", {"q": number}).context["page"].paginator.count == 1
    oldest_first = client.get("/cases/", {"sort": "received"}).context["rows"][0]["number"]
    assert oldest_first == Case.objects.order_by("received_at").first().number
    bad = client.get("/cases/", {"received_from": "02/01/2026", "received_to": "01/01/2026", "channel": "x"})
    assert set(bad.context["form"].errors) == {"received_to", "channel"} and bad.context["page"] is None
    text = bad.content.decode()
    # Each error said in the summary (linked to its field) and beside the field; what was typed kept.
    assert text.count("Ngày kết thúc trước ngày bắt đầu.") == 2 and 'href="#id_received_to"' in text
    assert 'name="received_from" id="id_received_from" value="02/01/2026"' in text
    shown = client.get("/cases/", {"channel": "rescue_abroad", "sort": "number"}).content.decode()
    assert '<option value="rescue_abroad" selected>' in shown and "Trịnh T. M. B." in shown and "Thị Mơ" not in shown
    # Searched names never reach the audit trail.
    assert not AuditEvent.objects.filter(details__icontains="trinh").exists()


def test_home_shows_the_newest_cases_masked_under_a_plain_title(client, personas, force_sign_in):
    user = personas.intake
    actor = actor_of(user)
    for day in range(7):
        record_case(
            actor,
            full_name=f"Hà Thị Nga {day}",
            sex="female",
            birth_year=1999,
            received_at=timezone.now() - datetime.timedelta(days=day),
            province_id=92,
            commune_id=31510,
        )
    force_sign_in(user)
    text = client.get("/").content.decode()
    title = text[text.index("<title>") + 7 : text.index("</title>")]
    assert title.startswith("Trang chủ") and "<" not in title
    newest = Case.objects.order_by("-received_at")
    shown = text[text.index('data-testid="recent-cases"') :]
    assert all(case.number in shown for case in newest[:5]) and not any(case.number in shown for case in newest[5:])
    assert "Hà T. N. 0" in shown and "Thị Nga" not in shown and "Tự trở về" in shown


def test_date_range_filter_takes_whole_local_days(client, personas, force_sign_in):
    user = personas.intake
    actor = actor_of(user)
    local = timezone.get_current_timezone()
    times = {
        "early_on_first_day": datetime.datetime(2026, 1, 10, 1, 0, tzinfo=local),  # 18:00 UTC the day before
        "late_on_last_day": datetime.datetime(2026, 1, 11, 23, 30, tzinfo=local),
        "day_before": datetime.datetime(2026, 1, 9, 23, 59, tzinfo=local),
        "day_after": datetime.datetime(2026, 1, 12, 0, 0, tzinfo=local),
    }
    numbers = {}
    for label, received_at in times.items():
        case = record_case(
            actor,
            full_name=f"Đặng Thị Lụa {label}",
            sex="female",
            birth_year=1995,
            received_at=received_at,
            province_id=92,
            commune_id=31510,
        )
        numbers[case.number] = label
    force_sign_in(user)
    rows = client.get("/cases/", {"received_from": "10/01/2026", "received_to": "11/01/2026"}).context["rows"]
    assert sorted(numbers[row["number"]] for row in rows) == ["early_on_first_day", "late_on_last_day"]
