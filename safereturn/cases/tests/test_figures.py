import pytest
from django.utils import timezone

from safereturn.testing.personas import actor_of, record_case

pytestmark = pytest.mark.django_db


def _intake(actor, name, sex="female", year=1995, commune=31510, province=92, **extra):
    return record_case(
        actor,
        full_name=name,
        sex=sex,
        birth_year=year,
        received_at=timezone.now(),
        province_id=province,
        commune_id=commune,
        route="cross_border",
        destination_country="CN",
        exploitation_forms=["forced_marriage"],
        **extra,
    )


def test_figures_count_persons_once_suppress_small_cells_and_stay_in_territory(
    client, personas, make_agency, make_officer, force_sign_in
):
    actor = personas.actor("intake")  # the Phú Lợi ward (Cần Thơ)
    people = [_intake(actor, f"Lưu Thị Hoa {i}") for i in range(6)]
    # The same person received twice counts once.
    _intake(actor, "Lưu Thị Hoa 0 lần hai", link_to_person_id=people[0].person_id)
    _intake(actor, "Lý Văn Nam", sex="male")
    elsewhere = make_agency("commune_committee", level="commune", commune_code=20242, province_code=48)
    other = make_officer("intake_officer", agency=elsewhere)
    for i in range(7):
        _intake(actor_of(other), f"Đinh Thị {i}", commune=20242, province=48)

    force_sign_in("reporting")  # the reporting officer of Cần Thơ's health department
    response = client.get("/cases/figures/")
    assert response.status_code == 200
    assert response.context["total_persons"] == 7
    tables = {str(t["title"]): {str(r["label"]): r["count"] for r in t["rows"]} for t in response.context["tables"]}
    assert tables["Giới tính"]["Nữ"] == 6
    assert tables["Giới tính"]["Nam"] is None  # one man: suppressed
    assert tables["Hình thức bóc lột"]["Cưỡng ép kết hôn"] == 7
    body = response.content.decode()
    assert "Lưu" not in body and "/cases/" + str(people[0].pk) not in body
    # The reporting officer still cannot open a case.
    assert client.get(f"/cases/{people[0].pk}/").status_code == 403


def test_figures_count_a_period_this_year_by_default_and_small_cells_never_wrap(client, personas, force_sign_in):
    """Issue 16: the figures are those of a period (from/to, this year so far unless chosen); "< 5"
    stays on one line."""
    actor = personas.actor("intake")
    today = timezone.localdate()
    last_year = timezone.now().replace(year=today.year - 1, month=6, day=15)
    for i in range(5):
        _intake(actor, f"Lưu Thị Hoa {i}")
    _intake(actor, "Lý Văn Nam", sex="male")
    for i in range(6):
        record_case(actor, full_name=f"Đinh Thị Lan {i}", sex="male", received_at=last_year)
    force_sign_in("reporting")

    response = client.get("/cases/figures/")
    assert response.context["total_persons"] == 6  # last year's six are not counted
    assert (response.context["start"], response.context["end"]) == (today.replace(month=1, day=1), today)
    body = response.content.decode()
    assert f"01/01/{today.year}" in body
    assert '<td class="text-end text-nowrap">&lt;&nbsp;5</td>' in body  # the one man of this year
    # The note says "< 5" on one line too, whatever the width: a no-break space inside a nowrap span.
    assert '<span class="text-nowrap">“&lt;&nbsp;5”</span>' in body
    previous = {"start": f"01/01/{today.year - 1}", "end": f"31/12/{today.year - 1}"}
    response = client.get("/cases/figures/", previous)
    assert response.context["total_persons"] == 6
    tables = {str(t["title"]): {str(r["label"]): r["count"] for r in t["rows"]} for t in response.context["tables"]}
    assert tables["Giới tính"]["Nam"] == 6 and tables["Giới tính"]["Nữ"] == 0

    # A period ending before it starts: its error, and no figures of some other period.
    wrong = client.get("/cases/figures/", {"start": f"02/01/{today.year}", "end": f"01/01/{today.year}"})
    assert wrong.status_code == 200 and wrong.context["tables"] == []
    assert 'data-testid="total-persons"' not in wrong.content.decode() and wrong.context["form"].errors["end"]
