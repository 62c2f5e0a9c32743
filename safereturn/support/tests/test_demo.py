"""The demo's support records: made through the services, deterministic, not made twice."""

from django.core.management import call_command

from safereturn.demo import support as demo_support
from safereturn.support.models import SupportRecord


def test_seed_demo_records_support_for_demo_cases_once(db):
    call_command("seed_demo", "--quiet-logins", "--scenarios", verbosity=0)
    made = SupportRecord.objects.count()
    assert made > 0
    assert SupportRecord.objects.filter(item_code="medical_care", provider_kind="hospital").exists()
    assert all(r.amount is None or r.amount_in_words for r in SupportRecord.objects.all())
    assert demo_support.seed_support(seed=2026) == 0
    assert SupportRecord.objects.count() == made
