from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """Which body of law governs a case's support, by the date it was received."""

    NEW = "new", _("Law 53/2024 (cases received from 1 July 2025)")
    OLD = "old", _("Law 2011 (cases received before 1 July 2025)")


class Status(models.TextChoices):
    """The person's status for support (Law 53/2024 Art. 37)."""

    VICTIM = "victim", _("Victim")
    ACCOMPANYING_CHILD = "accompanying_child", _("Accompanying child")
    IDENTIFIED_ABROAD = "identified_abroad", _("Being identified abroad")
    IDENTIFIED_IN_VN = "identified_in_vn", _("Being identified in Viet Nam")
    FOREIGN_VICTIM = "foreign_victim", _("Foreign victim")


class Unit(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    ONE_OFF = "one_off", _("one-off")
    SCHOOL_YEAR = "school_year", _("school year")
    SERVICE = "service", _("service")


class Setting(models.TextChoices):
    ANY = "any", _("Anywhere")
    FACILITY = "facility", _("While in a facility")
    COMMUNITY = "community", _("Back in the community")


class DecisionKind(models.TextChoices):
    EXTEND_CAP = "extend_cap", _("Extend the cap")
    ALLOW_OVER = "allow_over", _("Allow a payment above the entitlement")


class Beneficiary(models.TextChoices):
    PERSON = "person", _("The person")
    ACCOMPANYING_CHILD = "accompanying_child", _("An accompanying child")


class ProviderKind(models.TextChoices):
    AGENCY = "agency", _("An agency in the directory")
    HOSPITAL = "hospital", _("Hospital or health facility")
    LEGAL_AID = "legal_aid", _("Legal-aid centre")
    SCHOOL = "school", _("School")
    VOCATIONAL = "vocational", _("Vocational centre")
    SOCIAL_POLICY_BANK = "social_policy_bank", _("Social Policy Bank (loan)")
    OTHER = "other", _("Other provider")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    DONOR = "donor", _("Donor")
    OTHER_LAWFUL = "other_lawful", _("Other lawful source")


class RecordStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved — paid")
    REJECTED = "rejected", _("Rejected")


# Records in these states count as given (towards caps) and as spent.
COUNTING_STATUSES = (RecordStatus.RECORDED, RecordStatus.APPROVED)


class TimelineKind(models.TextChoices):
    """What support writes on the case's timeline. Event data holds ids, codes and amounts only."""

    SUPPORT_RECORDED = "support_recorded", _("Support or payment recorded")
    SUPPORT_APPROVED = "support_approved", _("Cash support approved")
    SUPPORT_REJECTED = "support_rejected", _("Cash support rejected")
    SUPPORT_DECISION = "support_decision", _("Support decision recorded")
    PAYMENT_RECORD_PRINTED = "payment_record_printed", _("Payment record printed")
