"""The words of emergency access (truy cập khẩn cấp): why an officer asks, where the request stands,
and what the supervisor's review found."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmergencyCategory(models.TextChoices):
    DANGER_TO_LIFE = "danger_to_life", _("Danger to the person's life or health")
    MISSING_PERSON = "missing_person", _("The person is missing or out of contact")
    COURT_ORDER = "court_order", _("Request of an investigating body, procuracy or court")
    URGENT_PROTECTION = "urgent_protection", _("Urgent protection or rescue under way")


class EmergencyStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for a supervisor's approval")
    GRANTED = "granted", _("Opened")
    REFUSED = "refused", _("Refused")


class EmergencyRoute(models.TextChoices):
    """How access was given: at once, inside the bounds, or on a supervisor's approval."""

    WITHIN_BOUNDS = "within_bounds", _("Opened at once, within the bounds")
    APPROVED = "approved", _("Approved by a supervisor")


class RequestReason(models.TextChoices):
    """Why an emergency access needed a supervisor's approval rather than opening at once."""

    OUTSIDE_TERRITORY = "outside_territory", _("The case is outside the territory of the officer's agency")
    DAILY_LIMIT = "daily_limit", _("The officer has used the day's emergency accesses")


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified: the officer's supervisor follows it up")
