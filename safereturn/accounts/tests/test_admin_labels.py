import pytest

pytestmark = pytest.mark.django_db


def test_the_lockout_tables_are_named_in_vietnamese_in_the_admin(client, make_officer, force_sign_in):
    admin_user = make_officer("system_admin", is_staff=True, is_superuser=True)
    force_sign_in(admin_user)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Khóa đăng nhập" in page
    assert "thử đăng nhập" in page.lower()
    assert "Access attempts" not in page and ">Axes<" not in page
