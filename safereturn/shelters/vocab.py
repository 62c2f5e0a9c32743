"""The vocabularies of shelters: groups of places, reasons for leaving, timeline kinds.

Places are kept by the groups a facility already tells the directory it serves
(``FacilityService.serves_women/serves_men/serves_children``): women and girls, men and boys, and
children (under 18, the case's age group). A person's group is proposed from the case (its age group
and sex) and may be chosen otherwise where the law's "accommodation suited to sex and age" allows it
(a girl of 17 may stay with the women); a man is never placed with women, nor a woman with men, and
an adult never with children.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceGroup(models.TextChoices):
    WOMEN = "women", _("Women and girls")
    MEN = "men", _("Men and boys")
    CHILDREN = "children", _("Children (under 18)")


def proposed_group(case):
    """The group a case's person is placed in unless the officer chooses another allowed one."""
    if case.age_group == "child":
        return PlaceGroup.CHILDREN
    if case.person_sex == "male":
        return PlaceGroup.MEN
    if case.person_sex == "female":
        return PlaceGroup.WOMEN
    return ""


def allowed_groups(case):
    """The groups a case's person may be placed in (by sex and age group)."""
    groups = set(PlaceGroup.values)
    if case.person_sex == "male":
        groups.discard(PlaceGroup.WOMEN)
    if case.person_sex == "female":
        groups.discard(PlaceGroup.MEN)
    if case.age_group != "child":
        groups.discard(PlaceGroup.CHILDREN)
    return groups


class DischargeReason(models.TextChoices):
    """Why a stay ended (lý do kết thúc lưu trú)."""

    RETURNED_HOME = "returned_home", _("Returned to family or community")
    TRANSFERRED = "transferred", _("Transferred to another facility")
    HOSPITAL = "hospital", _("Admitted to hospital")
    INDEPENDENT = "independent", _("Lives independently")
    CHILD_TO_GUARDIAN = "child_to_guardian", _("Child handed over to a guardian or child protection")
    CAP_REACHED = "cap_reached", _("Support period ended")
    LEFT = "left", _("Left of their own wish")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


# Reasons an officer chooses on the discharge form (a transfer is its own step).
DISCHARGE_CHOICES = [(value, label) for value, label in DischargeReason.choices if value != DischargeReason.TRANSFERRED]


class CapUnit(models.TextChoices):
    DAYS = "days", _("Days")
    MONTHS = "months", _("Months")


class TimelineKind(models.TextChoices):
    """What shelters write on the case's timeline (ids, codes and dates only)."""

    STAY_ADMITTED = "stay_admitted", _("Admitted to a facility")
    STAY_TRANSFERRED = "stay_transferred", _("Transferred to another facility")
    STAY_DISCHARGED = "stay_discharged", _("Left the facility")
    STAY_EXTENDED = "stay_extended", _("Stay extended by decision")
    STAY_CAP_NEAR = "stay_cap_near", _("Stay approaching its cap")
    OVER_CAPACITY_ALLOWED = "over_capacity_allowed", _("Admission over capacity allowed")
