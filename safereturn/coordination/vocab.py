"""The words of coordination: kinds of meeting, states of an action item, and the "who do I call"
sections (which agency types answer which need, focal points first)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    JOINT_RECEPTION = "joint_reception", _("Joint reception at a border gate")
    AD_HOC = "ad_hoc", _("Meeting on a problem that came up")
    INSPECTION = "inspection", _("Inter-agency inspection")
    REGULAR = "regular", _("Regular coordination meeting")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# "Who do I call", in the order an officer needs them: (section key, heading, agency types). An agency
# type not listed falls under "Other agencies" at the end.
CALL_SECTIONS = (
    ("police", _("Police"), ("commune_police", "province_police", "criminal_police", "immigration_office")),
    ("border", _("Border guard"), ("border_post", "border_guard", "coast_guard")),
    ("health", _("Health and social department"), ("health_department", "health_facility")),
    ("shelter", _("Shelters and social work centres"), ("social_support_facility",)),
    ("legal", _("Legal aid"), ("legal_aid_centre", "justice_department")),
    ("women", _("Women's Union and mass organisations"), ("womens_union", "fatherland_front", "youth_union")),
    ("ngo", _("NGOs and international organisations"), ("ngo", "international_org")),
    ("government", _("People's Committees"), ("commune_committee", "province_committee", "steering_committee")),
)
OTHER_SECTION = ("other", _("Other agencies"))
