"""Demo referrals in every demo province, made through the services as officers would (consent gate,
timeline, audit, notices): the young man of scenario 1, back home, is referred by his commune to the
province's NGO for life skills and psychological support (sent: waiting in the NGO's work queue), and to
the state legal-aid centre for advice on the broker's debt (accepted: the centre reads the chosen
sections); the girl of scenario 3, back with her grandmother as she wished, is referred to the legal-aid
centre (completed: the centre no longer sees her case).

Deterministic and safe to run again: a case that already has a referral is left alone.
"""

from django.db import transaction
from django.utils import timezone

from safereturn.cases.services import consent_record
from safereturn.referrals import services
from safereturn.referrals.models import Referral

from .reintegration import _scenario_case
from .scenarios import _actor, _provinces


def _agency(p, key):
    return _actor(f"{p.key}.{key}.case_worker").agency


def _refer(sender, case, recipient, kind, sections, wish, steps):
    referral = services.referral_draft(
        actor=sender, case=case, kind=kind, recipient_agency_id=recipient.pk, sections=sections, wish=wish
    )
    for actor, action in steps:
        referral = services.referral_act(
            actor=actor, referral=referral, action=action, expected_version=referral.version
        )
    return referral


def _man(p, commune_key, case):
    sender = _actor(f"{p.key}.{commune_key}.ubnd.case_worker")
    consent_record(
        actor=sender, case=case, processing=True, share_with=["ngo", "legal_aid_centre"],
        given_on=timezone.localdate(),
    )  # fmt: skip
    ngo, legal_aid = _agency(p, "ngo"), _agency(p, "tgpl")
    lawyer = _actor(f"{p.key}.tgpl.case_worker")
    _refer(sender, case, ngo, "ngo", ["basic", "needs"], "return_home", [(sender, "send")])
    _refer(
        sender, case, legal_aid, "legal_aid", ["basic", "support"], "return_home",
        [(sender, "send"), (lawyer, "accept")],
    )  # fmt: skip


def _girl(p, commune_key, case):
    sender = _actor(f"{p.key}.{commune_key}.ca.intake_officer")
    consent_record(
        actor=sender, case=case, processing=True, share_with=["legal_aid_centre"], given_on=timezone.localdate()
    )
    legal_aid = _agency(p, "tgpl")
    lawyer = _actor(f"{p.key}.tgpl.case_worker")
    _refer(
        sender, case, legal_aid, "legal_aid", ["basic", "protection"], "return_home",
        [(sender, "send"), (lawyer, "accept"), (lawyer, "complete")],
    )  # fmt: skip


def seed_referrals():
    """The scenario cases' referrals in every demo province; the number of referrals made."""
    before = Referral.objects.count()
    for p in _provinces():
        first, second = p.communes[0][1], p.communes[1][1]
        stories = (
            (_man, first, _scenario_case(f"{p.key}.{first}.ubnd.intake_officer", channel="self_return",
                                         person_sex="male")),
            (_girl, second, _scenario_case(f"{p.key}.{second}.ca.intake_officer", channel="rescue_abroad",
                                           age_group="child")),
        )  # fmt: skip
        for tell, commune_key, case in stories:
            if case is None or Referral.objects.filter(case=case).exists():
                continue
            with transaction.atomic():
                tell(p, commune_key, case)
    return Referral.objects.count() - before
