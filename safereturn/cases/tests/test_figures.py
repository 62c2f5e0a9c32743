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
