"""The words of a referral (chuyển tuyến): its kinds, states, sections, the person's wishes and reasons."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralKind(models.TextChoices):
    """What the person is referred to (the recipient agency is chosen from the directory)."""

    SHELTER = "shelter", _("Shelter")
    HOSPITAL = "hospital", _("Hospital or health facility")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SCHOOL = "school", _("School")
    VOCATIONAL = "vocational", _("Vocational training centre")
    NGO = "ngo", _("Non-governmental organisation")
    SOCIAL_POLICY_BANK = "social_policy_bank", _("Social Policy Bank")
    OTHER_AGENCY = "other_agency", _("Another agency")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked by the sender")


# While a referral is in one of these states its recipient reads the sections chosen for it.
ACTIVE_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Action(models.TextChoices):
    SEND = "send", _("Send")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    COMPLETE = "complete", _("Mark as completed")
    REVOKE = "revoke", _("Revoke")


# The whole life of a referral: (action, from state) → (to state, who acts). "sender": an officer of the
# sending agency who may change the case; "recipient": an answering officer of the recipient agency.
TRANSITIONS = {
    (Action.SEND, ReferralStatus.DRAFT): (ReferralStatus.SENT, "sender"),
    (Action.ACCEPT, ReferralStatus.SENT): (ReferralStatus.ACCEPTED, "recipient"),
    (Action.DECLINE, ReferralStatus.SENT): (ReferralStatus.DECLINED, "recipient"),
    (Action.COMPLETE, ReferralStatus.ACCEPTED): (ReferralStatus.COMPLETED, "recipient"),
    (Action.REVOKE, ReferralStatus.SENT): (ReferralStatus.REVOKED, "sender"),
    (Action.REVOKE, ReferralStatus.ACCEPTED): (ReferralStatus.REVOKED, "sender"),
}


class Section(models.TextChoices):
    """The parts of a case a sender may open to the recipient (the case page's own split). Identity is
    never one of them: see docs/decisions/0039-referrals.md."""

    BASIC = "basic", _("Basic facts (no names)")
    NEEDS = "needs", _("Needs")
    HEALTH = "health", _("Health and psychological state")
    PROTECTION = "protection", _("Risk and protection")
    SUPPORT = "support", _("Support given")


class Wish(models.TextChoices):
    RETURN_HOME = "return_home", _("Return home")
    SHELTER = "shelter", _("Stay in a shelter")
    OTHER = "other", _("Other")


class WishNotFollowed(models.TextChoices):
    """Why a referral does not follow the person's wish (codes: the sender's words would be free text)."""

    SAFETY = "safety", _("Her or his safety")
    CHILD_BEST_INTEREST = "child_best_interest", _("The best interest of the child")
    NO_SERVICE = "no_service", _("No such service available")
    PERSON_CHANGED_MIND = "person_changed_mind", _("The person changed her or his mind")
    OTHER = "other", _("Other reason")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No place or capacity now")
    NOT_OUR_SERVICE = "not_our_service", _("We do not offer this service")
    OUTSIDE_AREA = "outside_area", _("Outside our area")
    PERSON_NOT_ELIGIBLE = "not_eligible", _("The person is not eligible")
    OTHER = "other", _("Other reason")


class TimelineKind(models.TextChoices):
    SENT = "referral_sent", _("Referral sent")
    ACCEPTED = "referral_accepted", _("Referral accepted")
    DECLINED = "referral_declined", _("Referral declined")
    COMPLETED = "referral_completed", _("Referral completed")
    REVOKED = "referral_revoked", _("Referral revoked")


TIMELINE_OF = {
    ReferralStatus.SENT: TimelineKind.SENT,
    ReferralStatus.ACCEPTED: TimelineKind.ACCEPTED,
    ReferralStatus.DECLINED: TimelineKind.DECLINED,
    ReferralStatus.COMPLETED: TimelineKind.COMPLETED,
    ReferralStatus.REVOKED: TimelineKind.REVOKED,
}
