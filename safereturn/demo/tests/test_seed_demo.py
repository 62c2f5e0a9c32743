"""The demo directory: officers of every role in four provinces, seeded again without duplicates."""

import json

import pytest


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_every_role_in_four_provinces(tmp_path):
    from django.core.management import call_command

    from safereturn.directory.models import Agency, Membership, Role, User

    manifest = tmp_path / "manifest.json"
    call_command("seed_demo", "--manifest", str(manifest), "--quiet-logins", verbosity=0)
    counts = (User.objects.count(), Agency.objects.count(), Membership.objects.count())
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    assert (User.objects.count(), Agency.objects.count(), Membership.objects.count()) == counts

    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["cases"] == []
    users = data["users"]
    assert {r for u in users for r in u["roles"]} == set(Role.values)
    assert {u["province_code"] for u in users} >= {92, 48, 31, 82}
    for province in (92, 48, 31, 82):
        roles = {r for u in users if u["province_code"] == province for r in u["roles"]}
        assert roles >= {"intake_officer", "case_worker", "verifier", "supervisor", "reporting_officer"}
    sample = next(u for u in users if u["commune_code"])
    assert set(sample) >= {"username", "password", "agency", "agency_type", "province_code", "commune_code", "roles"}
    officer = User.objects.get(username=sample["username"])
    assert officer.check_password(sample["password"])
    assert Agency.objects.filter(name=sample["agency"], commune_id=sample["commune_code"]).exists()


@pytest.mark.django_db
def test_seed_demo_prints_every_provinces_logins_agency_by_agency():
    import io

    from django.core.management import call_command

    from safereturn.demo.officers import DEMO_PASSWORD, DEMO_PROVINCES
    from safereturn.directory.models import Agency, User
    from safereturn.geo.models import Province

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    printed = set(text.split())
    for user in User.objects.filter(email__endswith="@demo.safereturn.invalid"):
        assert user.username in printed
    for code, (pkey, _communes) in DEMO_PROVINCES.items():
        table = text.split(f"{Province.objects.get(code=code).name} ({pkey}.*)\n", 1)[1].split("\n\n", 1)[0]
        for agency in Agency.objects.filter(province_id=code, memberships__isnull=False).distinct():
            assert f"  {agency.name}\n" in table
        assert f"{pkey}.ca.verifier" in table and f"{pkey}.syt.supervisor" in table
