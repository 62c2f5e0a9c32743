"""Demo support records (invented): the support rule rows, and for a few demo cases of each province the
services and payments the provincial health department gave — food day by day, clothing, a hospital visit,
and for identified victims the hardship allowance awaiting the supervisor's approval. Recorded through the
support services (entitlement, caps and approvals checked), deterministic for a seed, and skipped for a case
that already has support records."""

import datetime
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from safereturn.access.policy import Actor
from safereturn.cases.models import Case, CaseParticipant
from safereturn.core import errors
from safereturn.directory.models import Membership
from safereturn.geo.models import Province
from safereturn.support import seed as support_seed
from safereturn.support import services
from safereturn.support.models import EntitlementItem, SupportRate, SupportRecord, SupportRegime

from .officers import DEMO_PROVINCES

CASES_PER_PROVINCE = 4


def _actor(username):
    membership = (
        Membership.objects.select_related("user", "agency__agency_type", "agency__province")
        .filter(user__username=username, is_active=True)
        .first()
    )
    return Actor(membership.user, membership) if membership else None


def _record(actor, case, **data):
    try:
        return services.record_add(actor=actor, case=case, data=data)
    except (ValidationError, errors.DomainError):
        return None  # not entitled, or the rule rows were changed: the demo skips it


def _give(rng, actor, case):
    today = timezone.localdate()
    received = timezone.localdate(case.received_at)
    made = 0
    days = min(rng.randint(5, 20), (today - received).days)
    agency = {"provider_kind": "agency", "provider_agency_id": actor.agency.pk, "funding_source": "state_budget"}
    if days >= 1:
        item = "food" if received >= support_seed.NEW_FROM else "food_shelter"
        end = received + datetime.timedelta(days=days - 1)
        rate = rng.choice([60_000, 70_000])
        made += bool(_record(actor, case, item_code=item, date_from=received, date_to=end, quantity=days,
                             unit_rate=rate, **agency))  # fmt: skip
    made += bool(
        _record(actor, case, item_code="clothing", date_from=received, quantity=1, unit_rate=300_000, **agency)
    )
    made += bool(
        _record(
            actor,
            case,
            item_code="medical_care",
            provider_kind="hospital",
            provider_name=rng.choice(["Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế khu vực"]),
            date_from=received,
            quantity=1,
            outcome="Khám sức khỏe tổng quát",
        )
    )
    if case.status == "identified":
        made += bool(_record(actor, case, item_code="hardship_allowance", date_from=today, quantity=1,
                             unit_rate=1_000_000, **agency))  # fmt: skip
    return made


def seed_support(seed=2026):
    """The rule rows, then the demo records. Returns how many records were made."""
    support_seed.load(SupportRegime, EntitlementItem, SupportRate, Province)
    rng = random.Random(seed)
    made = 0
    for pkey, _communes in DEMO_PROVINCES.values():
        actor = _actor(f"{pkey}.syt.case_worker")
        if actor is None:
            continue
        # The department's latest cases (its participations' covering index: cheap at a million cases).
        latest = CaseParticipant.objects.filter(agency=actor.agency, is_active=True).exclude(
            case_status__in=("not_victim", "false_claim", "closed")
        )
        case_ids = list(latest.order_by("-case_received_at", "-case_number").values_list("case_id", flat=True)[:20])
        cases = Case.objects.filter(pk__in=case_ids).order_by("-received_at", "-number")[:CASES_PER_PROVINCE]
        for case in cases:
            if SupportRecord.objects.filter(case=case).exists():
                continue
            made += _give(rng, actor, case)
    return made
