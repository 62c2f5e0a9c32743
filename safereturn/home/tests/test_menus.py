"""The header leads each officer to the pages their agency uses: the danger alerts for the province's police
and border guard (and the lead agency's supervisors, who hear of escalations), the shelters for whoever
places people; the home page counts the alerts waiting for the officer's agency."""

import pytest

from safereturn.protection import services
from safereturn.testing.personas import new_agency, new_officer

pytestmark = pytest.mark.django_db

ALERTS = 'data-testid="danger-alerts-link"'
SHELTERS = 'data-testid="shelters-link"'
CALLS = "Một người tự xưng là anh họ gọi điện đến cơ sở hai lần"


@pytest.mark.parametrize(
    ("who", "alerts", "shelters"),
    [
        ("police_verifier", True, True),
        ("police_supervisor", True, True),
        ("health_supervisor", True, True),  # the lead agency: escalations come to its supervisors
        ("health_case_worker", False, True),
        ("commune_case_worker", False, True),
        ("intake", False, True),
        ("reporting", False, False),
        ("auditor", False, False),
    ],
)
def test_the_menu_shows_alerts_and_shelters_to_the_roles_that_use_them(personas, force_sign_in, who, alerts, shelters):
    header = force_sign_in(who).get("/").content.decode()
    assert (ALERTS in header, SHELTERS in header) == (alerts, shelters)


def test_a_border_guard_officer_sees_the_alerts_and_a_commune_police_officer_does_not(force_sign_in):
    guard = new_officer("intake_officer", agency=new_agency("border_guard", province_code=92, name="BĐBP (thử)"))
    assert ALERTS in force_sign_in(guard).get("/").content.decode()
    commune_police = new_agency("commune_police", level="commune", commune_code=31510, name="Công an phường (thử)")
    officer = new_officer("verifier", agency=commune_police)
    assert ALERTS not in force_sign_in(officer).get("/").content.decode()


def test_the_home_page_counts_the_alerts_waiting_for_the_agency(personas, force_sign_in, make_case):
    personas.build("police_verifier", "commune_case_worker", "health_supervisor")
    client = force_sign_in("police_verifier")
    assert 'data-testid="alerts-waiting"' not in client.get("/").content.decode()
    case = make_case()
    for _ in range(2):
        alert = services.alert_raise(actor=personas.actor("commune_case_worker"), case=case, description=CALLS)
    home = client.get("/").content.decode()
    assert 'data-testid="alerts-waiting"' in home and "2 cảnh báo nguy hiểm đang chờ xác nhận" in home
    assert CALLS not in home  # the count and a link, never the text
    services.alert_acknowledge(
        actor=personas.actor("police_verifier"), alert=alert, expected_version=1, action_taken="Đã cử cán bộ"
    )
    assert "1 cảnh báo nguy hiểm đang chờ xác nhận" in client.get("/").content.decode()
    # The lead agency's supervisor hears of escalations only: nothing was sent to the department.
    assert 'data-testid="alerts-waiting"' not in force_sign_in("health_supervisor").get("/").content.decode()
