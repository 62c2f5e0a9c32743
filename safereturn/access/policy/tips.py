"""Tips (tin báo) and the commune register of at-risk and missing persons."""

from django.db.models import Q
from django.utils import timezone

from safereturn.directory.models import Agency
from safereturn.directory.models import JurisdictionLevel as Level
from safereturn.geo.models import Commune
from safereturn.rules.models import CompetenceAction
from safereturn.rules.selectors import competent_agency_types

from .. import scoped
from .actors import works_with_cases
from .jurisdiction import local_territory, supervises_jurisdiction, territory
from .records import object_for_actor
from .roles import JURISDICTION_SUPERVISING_AGENCY_TYPES


def visible_tips(actor):
    """Every tip this actor may open: the receiving agency, the agency it was forwarded to, and
    supervisors whose jurisdiction covers the tip's province or commune. The only way to list tips."""
    Tip = scoped.model("tip")
    if not works_with_cases(actor):
        return Tip.objects.none()
    scope = Q(receiving_agency_id=actor.agency.pk) | Q(forwarded_to_id=actor.agency.pk)
    if supervises_jurisdiction(actor):
        jurisdiction = territory(actor.agency)
        if jurisdiction is None:  # national
            return Tip.objects.all()
        scope |= jurisdiction
    return Tip.objects.filter(scope)


def tip_for_actor(actor, tip_id):
    return object_for_actor(visible_tips(actor), tip_id)


def can_receive_tip(actor):
    return works_with_cases(actor)


def handles_tip(actor, tip):
    """Working a tip (triage, forward, link, close, reveal) is for the agency holding it: the receiver,
    or the agency it was forwarded to. Jurisdiction supervisors oversee; they do not act on it."""
    return works_with_cases(actor) and actor.agency.pk in {tip.receiving_agency_id, tip.forwarded_to_id}


def tip_recipients(actor, tip, on_date=None):
    """The agencies a tip may be forwarded to ("chuyển đến cơ quan có thẩm quyền"): only the agency
    holding the tip forwards it; the recipient is an active agency whose type the competence rules in
    force (``on_date``, today by default) make competent to verify — the police, the border guard, the
    immigration office, foreign affairs, missions abroad and, since 1 July 2025, the health
    department — in the tip's province or nationwide; never the agency already holding it. What the
    forwarding picker offers and what the service accepts."""
    if not handles_tip(actor, tip):
        return Agency.objects.none()
    types = competent_agency_types(CompetenceAction.VERIFY, on_date or timezone.localdate())
    return (
        Agency.objects.filter(is_active=True, agency_type__code__in=types)
        .filter(Q(province_id=tip.province_id) | Q(jurisdiction_level=Level.NATIONAL))
        .exclude(pk__in=[pk for pk in (actor.agency.pk, tip.receiving_agency_id, tip.forwarded_to_id) if pk])
    )


def can_forward_tip_to(actor, tip, agency):
    return agency is not None and tip_recipients(actor, tip).filter(pk=agency.pk).exists()


def _register_territory(agency, **kwargs):
    """Where the agency keeps the commune register: a commune agency its commune; of the provincial
    agencies, those that oversee the province's cases (health department, police, border guard) its
    communes; other provincial agencies (legal aid, a shelter...) and national bodies none — they
    learn of a person through a case or a referral, not the register."""
    if agency.jurisdiction_level == Level.PROVINCE and agency.agency_type.code not in (
        JURISDICTION_SUPERVISING_AGENCY_TYPES
    ):
        return Q(pk__in=[])
    return local_territory(agency, **kwargs)


def visible_register_entries(actor):
    """Register entries of the communes whose register this actor's agency keeps (case roles only): the
    commune's own agencies and the province's overseeing agencies; national bodies get figures, not
    names. The only way to list them."""
    Entry = scoped.model("register_entry")
    if not works_with_cases(actor):
        return Entry.objects.none()
    return Entry.objects.filter(_register_territory(actor.agency))


def register_entry_for_actor(actor, entry_id):
    return object_for_actor(visible_register_entries(actor), entry_id)


def register_communes(actor):
    """The communes whose register this actor may read and keep."""
    if not works_with_cases(actor):
        return Commune.objects.none()
    return Commune.objects.filter(
        _register_territory(actor.agency, fields={"province": "province_id", "commune": "code"})
    )


def can_keep_register(actor, commune):
    return commune is not None and register_communes(actor).filter(pk=commune.pk).exists()
