"""The protection app's vocabularies: who a measure protects, risk codes and levels, statuses, and the
kinds it writes on the case's timeline (registered in ``ProtectionConfig.ready``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safereturn.access import policy


class ProtectedParty(models.TextChoices):
    """Who a protection measure protects (Law 53/2024; Decree 62/2012 Art. 7)."""

    VICTIM = "victim", _("The victim")
    RELATIVE = "relative", _("A relative of the victim")
    ACCOMPANYING_CHILD = "accompanying_child", _("An accompanying child")
    HELPER = "helper", _("A person who helps the victim or reports the case")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class RiskCode(models.TextChoices):
    """Threats an assessment may find. The child codes are assessed for a child only."""

    TRAFFICKERS = "traffickers", _("Threats or pressure from the traffickers")
    DEBT = "debt", _("Debt or money demanded by the traffickers")
    FAMILY = "family", _("Threats or rejection from the family")
    RETRAFFICKING = "retrafficking", _("Risk of being trafficked again")
    STIGMA = "stigma", _("Stigma in the community")
    SELF_HARM = "self_harm", _("Risk of self-harm")
    HEALTH = "health", _("Untreated health condition")
    CHILD_ABUSE_IN_FAMILY = "child_abuse_in_family", _("Child: abuse or neglect in the family")
    CHILD_NO_GUARDIAN = "child_no_guardian", _("Child: no guardian able to care for the child")
    CHILD_SCHOOL_DROPOUT = "child_school_dropout", _("Child: out of school or at risk of dropping out")
    CHILD_LABOUR = "child_labour", _("Child: at risk of child labour")
    CHILD_EARLY_MARRIAGE = "child_early_marriage", _("Child: at risk of early or forced marriage")


CHILD_RISK_CODES = frozenset(code for code in RiskCode.values if code.startswith("child_"))


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("In force")
    REFUSED = "refused", _("Refused by the protected person")
    ENDED = "ended", _("Ended")


class ReviewOutcome(models.TextChoices):
    """What a review decides about a measure: it goes on as it is, goes on changed (the note says how), or
    ends on the day of the review."""

    CONTINUE = "continue", _("The measure continues as it is")
    CHANGE = "change", _("The measure continues, changed")
    END = "end", _("The measure ends")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open: not yet acknowledged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class TimelineKind(models.TextChoices):
    """What protection writes on the case's timeline. Event data holds ids and codes only."""

    RISK_ASSESSED = "risk_assessed", _("Risk assessed")
    MEASURE_RECORDED = "protection_measure_recorded", _("Protection measure recorded")
    MEASURE_REVIEWED = "protection_measure_reviewed", _("Protection measure reviewed")
    MEASURE_REFUSED = "protection_measure_refused", _("Protection measure refused by the protected person")
    MEASURE_ENDED = "protection_measure_ended", _("Protection measure ended")
    ALERT_RAISED = "danger_alert_raised", _("Danger alert raised")
    ALERT_ACKNOWLEDGED = "danger_alert_acknowledged", _("Danger alert acknowledged")
    ALERT_ESCALATED = "danger_alert_escalated", _("Danger alert escalated")


# The agency types of a province whose focal points receive a danger alert at once (the mission: police
# and border guard): kept with the access policy, whose menus lead their officers to the alerts.
ALERT_AGENCY_TYPES = policy.ALERT_AGENCY_TYPES
