"""Vocabularies of needs assessments, support plans, escorts, returns and follow-up (codes in the
database, labels through gettext). Timeline event data holds ids and codes only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineKind(models.TextChoices):
    NEEDS_ASSESSED = "needs_assessed", _("Needs assessed")
    PLAN_RECORDED = "support_plan_recorded", _("Individual support plan recorded")
    PLAN_REVIEWED = "support_plan_reviewed", _("Support plan reviewed")
    PLAN_COMPLETED = "support_plan_completed", _("Support plan completed")
    PLAN_CANCELLED = "support_plan_cancelled", _("Support plan cancelled")
    PLANNED_SERVICE_ADDED = "planned_service_added", _("Service planned")
    PLANNED_SERVICE_CHANGED = "planned_service_changed", _("Planned service status changed")
    CHILD_ESCORTED = "child_escorted", _("Child escorted")
    FAMILY_CONTACTED = "family_contacted", _("Family contacted before return")
    RETURN_RECORDED = "return_recorded", _("Return to the community recorded")
    FOLLOW_UP_SCHEDULED = "follow_up_scheduled", _("Follow-up visit scheduled")
    FOLLOW_UP_RECORDED = "follow_up_recorded", _("Follow-up visit recorded")
    REINTEGRATION_ASSESSED = "reintegration_assessed", _("Reintegration assessed")
    RETRAFFICKING_FLAGGED = "retrafficking_flagged", _("Re-trafficking flagged")


class NeedLevel(models.TextChoices):
    """How much help a domain of the person's life needs, as the assessor judges with the person."""

    NONE = "none", _("No help needed")
    SOME = "some", _("Some help needed")
    URGENT = "urgent", _("Urgent help needed")
    UNKNOWN = "unknown", _("Not assessed")


# The domains of a needs assessment, each a level and a note. Health and psychological answers are
# restricted (``policy.readable_need_domains``).
NEED_DOMAINS = ("health", "psychological", "education", "skills", "family", "safety")
RESTRICTED_NEED_DOMAINS = {"health": "medical", "psychological": "psychological"}


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational training")
    HIGHER = "higher", _("College or university")
    UNKNOWN = "unknown", _("Not known")


class FamilySituation(models.TextChoices):
    WITH_FAMILY = "with_family", _("Can live with family")
    WITH_GUARDIAN = "with_guardian", _("Can live with a guardian or relatives")
    ALONE = "alone", _("Lives alone")
    NO_FAMILY = "no_family", _("No family able to receive them")
    UNKNOWN = "unknown", _("Not known")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_SERVICE_STATUSES = (ServiceStatus.PLANNED, ServiceStatus.IN_PROGRESS)
# How a plan in progress ends (``services.plan_close``).
PLAN_ENDINGS = (PlanStatus.COMPLETED, PlanStatus.CANCELLED)


class EscortDestination(models.TextChoices):
    GUARDIAN = "guardian", _("To a parent or guardian")
    CHILD_PROTECTION = "child_protection", _("To child-protection services")


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Adult brother or sister")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
    SOCIAL_WORKER = "social_worker", _("Social worker or child-protection officer")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("By phone")
    HOME_VISIT = "home_visit", _("Home visit")
    THROUGH_COMMUNE = "through_commune", _("Through the commune People's Committee")
    LETTER = "letter", _("In writing")
    OTHER = "other", _("Other")


class ContactOutcome(models.TextChoices):
    READY = "ready", _("Family ready to receive the person")
    NEEDS_SUPPORT = "needs_support", _("Family willing, with support")
    RELUCTANT = "reluctant", _("Family reluctant")
    REFUSED = "refused", _("Family refused")
    NOT_REACHED = "not_reached", _("Family not reached")
    UNSAFE = "unsafe", _("Return to the family is not safe")


class ReturnPlace(models.TextChoices):
    FAMILY = "family", _("Home to the family")
    GUARDIAN = "guardian", _("To a guardian or relatives")
    OWN_HOME = "own_home", _("To their own home")
    OTHER = "other", _("Elsewhere in the community")


class VisitStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    MISSED = "missed", _("Person not met")
    CANCELLED = "cancelled", _("Cancelled")


class DomainScore(models.IntegerChoices):
    """One domain of the reintegration assessment, from serious problems (1) to stable (4)."""

    SERIOUS = 1, _("1 — serious problems")
    DIFFICULT = 2, _("2 — difficulties")
    IMPROVING = 3, _("3 — improving")
    STABLE = 4, _("4 — stable")


REINTEGRATION_DOMAINS = ("safety", "income", "housing", "health", "family", "community")


class ReintegrationLevel(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated")
    PROGRESSING = "progressing", _("Progressing")
    AT_RISK = "at_risk", _("At risk")
    NOT_REINTEGRATED = "not_reintegrated", _("Not reintegrated")


class LinkDirection(models.TextChoices):
    LATER = "later", _("the new case (trafficked again)")
    EARLIER = "earlier", _("the earlier case")


class Recommendation(models.TextChoices):
    CLOSE = "close", _("Close the case")
    CONTINUE = "continue", _("Continue support and follow-up")
    REFER = "refer", _("Refer to another service")
    PROTECT = "protect", _("Urgent protection needed")
