"""Issue #16, agency pickers: a verification task offers only the agencies competent to verify under
the case's rules, in the case's province (or the person's home province) or nationwide; an agency's
place is said once."""

import re

import pytest

from safereturn.directory.models import Agency
from safereturn.testing.personas import CAN_THO, DA_NANG, new_agency

from .test_services import _start

pytestmark = pytest.mark.django_db


def test_the_task_picker_offers_only_competent_agencies_of_the_province_or_national(world, make_case, force_sign_in):
    case = _start(world, make_case())
    womens_union = new_agency("womens_union", province_code=CAN_THO, name="Hội Liên hiệp Phụ nữ Cần Thơ (thử)")
    national = new_agency("immigration_office", level="national", name="Cục Quản lý xuất nhập cảnh (thử)")
    other_province = world["agencies"]["other_police"]
    page = force_sign_in("commune_supervisor").get(f"/identification/cases/{case.pk}/tasks/new/").content.decode()
    page = re.search(r'<select name="assignee_agency".*?</select>', page, re.S).group(0)
    assert f'value="{world["agencies"]["police"].pk}"' in page
    assert f'value="{national.pk}"' in page
    assert f'value="{womens_union.pk}"' not in page  # may not verify: not offered, rather than refused after
    assert f'value="{other_province.pk}"' not in page
    assert f'value="{world["agencies"]["facility"].pk}"' not in page


def test_a_posted_agency_not_offered_is_refused(world, make_case, force_sign_in):
    case = _start(world, make_case())
    client = force_sign_in("commune_supervisor")
    response = client.post(
        f"/identification/cases/{case.pk}/tasks/new/",
        {"kind": "identity", "assignee_agency": world["agencies"]["other_police"].pk},
    )
    assert response.status_code == 200
    assert "Chọn một cơ quan trong danh bạ." in response.content.decode()


def test_an_agency_label_names_its_commune_and_province_once(world):
    commune_agency = new_agency(
        "commune_committee", level="commune", province_code=DA_NANG, name="Ủy ban nhân dân Phường Hải Châu, Đà Nẵng"
    )
    label = Agency.objects.select_related("province", "commune").get(pk=commune_agency.pk).label
    assert label.count("Đà Nẵng") == 1, label
    police = world["agencies"]["police"]
    assert police.label == "Công an thành phố Cần Thơ (thử)"  # the name already says the province
    bare = new_agency("province_police", province_code=DA_NANG, name="Phòng Cảnh sát hình sự (thử)")
    assert bare.label == f"Phòng Cảnh sát hình sự (thử), {bare.province.name}"
