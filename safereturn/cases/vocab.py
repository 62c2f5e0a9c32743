"""Controlled vocabularies for intake, aligned with IOM's HTCDS v2 (``htcds`` = its label)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Age not known")


class Channel(models.TextChoices):
    """Kênh tiếp nhận."""

    OFFICIAL_HANDOVER = "official_handover", _("Official handover from abroad")
    SELF_RETURN = "self_return", _("Self-return")
    RESCUE_DOMESTIC = "rescue_domestic", _("Rescue in Viet Nam")
    RESCUE_ABROAD = "rescue_abroad", _("Rescue abroad")
    SELF_REPORT = "self_report", _("Self-report to an authority")
    TIP = "tip", _("Found through a tip")
    FOREIGN_VICTIM = "foreign_victim", _("Foreign victim found in Viet Nam")


class HandoverPlace(models.TextChoices):
    BORDER_GATE = "border_gate", _("Border gate")
    PORT = "port", _("Seaport")
    AIRPORT = "airport", _("Airport")
    MISSION_ABROAD = "mission_abroad", _("Through a Vietnamese mission abroad")
    OTHER = "other", _("Other place")


class Route(models.TextChoices):
    DOMESTIC = "domestic", _("Within Viet Nam")
    CROSS_BORDER = "cross_border", _("Across the border")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    FORCED_CRIME = "forced_crime", _("Forced criminal activity")
    FORCED_CHILDBEARING = "forced_childbearing", _("Forced childbearing / surrogacy")
    CHILD_LABOUR = "child_labour", _("Child labour")
    SERVITUDE = "servitude", _("Servitude")
    OTHER = "other", _("Other")


HTCDS_EXPLOITATION = {
    "sexual": "Sexual exploitation",
    "forced_labour": "Forced labour",
    "forced_marriage": "Forced marriage",
    "organ_removal": "Organ removal",
    "forced_begging": "Forced begging",
    "forced_crime": "Other",
    "forced_childbearing": "Surrogacy",
    "child_labour": "Child labour",
    "servitude": "Servitude",
    "other": "Other",
}


class RecruitmentMethod(models.TextChoices):
    PLACE_OF_BUSINESS = "place_of_business", _("At a place of business")
    EDUCATIONAL_INSTITUTION = "educational_institution", _("At a school or college")
    AT_WORK = "at_work", _("At work")
    ONLINE_SOCIAL = "online_social", _("Through online social networks")
    ONLINE_ADVERT = "online_advert", _("Through an online advertisement")
    TV_ADVERT = "tv_advert", _("Through a television advertisement")
    NEWSPAPER_ADVERT = "newspaper_advert", _("Through a newspaper advertisement")
    FAMILY = "family", _("Through family or family events")
    FRIENDS = "friends", _("Through friends or social events")
    BROKER = "broker", _("Through a broker (labour export, marriage)")
    ABDUCTION = "abduction", _("Abduction")
    OTHER = "other", _("Other")


class ControlMethod(models.TextChoices):
    PHYSICAL_THREATS = "physical_threats", _("Physical threats")
    LAW_ENFORCEMENT_THREATS = "law_enforcement_threats", _("Threats of law enforcement")
    THREATENS_FAMILY = "threatens_family", _("Threatens children or family")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    FALSE_PROMISES = "false_promises", _("False promises")
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    TAKES_EARNINGS = "takes_earnings", _("Takes earnings")
    RESTRICTS_FINANCES = "restricts_finances", _("Restricts financial access")
    RESTRICTS_MEDICAL = "restricts_medical", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "withholds_necessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    SUBSTANCES = "substances", _("Psychoactive substances")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "withholds_documents", _("Withholds documents")
    RESTRICTS_MOVEMENT = "restricts_movement", _("Restricts movement")
    OTHER = "other", _("Other")


class ImmediateNeed(models.TextChoices):
    FOOD = "food", _("Food")
    CLOTHING = "clothing", _("Clothing and personal items")
    ACCOMMODATION = "accommodation", _("Temporary accommodation")
    MEDICAL = "medical", _("First medical care")
    TRAVEL = "travel", _("Travel money home")
    INTERPRETATION = "interpretation", _("Interpretation")
    PSYCHOLOGICAL = "psychological", _("Psychological first aid")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class CaseStatus(models.TextChoices):
    """Trạng thái hồ sơ. From intake the person is 'being identified' and already has rights."""

    BEING_IDENTIFIED = "being_identified", _("Received — being identified")
    UNDER_VERIFICATION = "under_verification", _("Under verification")
    IDENTIFIED = "identified", _("Identified as a victim")
    NOT_VICTIM = "not_victim", _("Not a victim")
    FALSE_CLAIM = "false_claim", _("False claim")
    CLOSED = "closed", _("Closed")


class ParticipantRole(models.TextChoices):
    RECEIVER = "receiver", _("Receiving agency")
    RESPONSIBLE = "responsible", _("Responsible agency")
    ASSIGNEE = "assignee", _("Assigned agency")
    REFERRAL_RECIPIENT = "referral_recipient", _("Referral recipient")
    LEAD = "lead", _("Lead agency of the province")
    PARTNER = "partner", _("Partner agency on a verification task")


class ShareBasis(models.TextChoices):
    """Why an agency may see a case (kept on its participation). Empty: recorded before bases were kept."""

    OWN = "own", _("Received the person")
    LEGAL_DUTY = "legal_duty", _("Legal duty")
    CONSENT = "consent", _("The person's consent")
    EXCEPTION = "exception", _("Legal exception to consent")


class NoteCategory(models.TextChoices):
    GENERAL = "general", _("General")
    INVESTIGATION = "investigation", _("Investigation and perpetrators")
    MEDICAL = "medical", _("Medical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    LEGAL = "legal", _("Legal aid")


class DocumentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    ID_DOCUMENT = "id_document", _("Identity document")
    INTAKE_RECORD = "intake_record", _("Intake record")
    HANDOVER_RECORD = "handover_record", _("Handover record")
    MEDICAL = "medical", _("Medical record")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    """The case's own timeline events. Apps that write others on the case's timeline own and register
    their kinds (``cases.timeline``): verification and identification, tips and the register."""

    CASE_CREATED = "case_created", _("Case recorded at intake")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    CASE_UPDATED = "case_updated", _("Case details changed")
    PERSON_UPDATED = "person_updated", _("Person's details changed")
    PERSON_LINKED = "person_linked", _("Linked to an earlier record of the same person")
    NOTE_ADDED = "note_added", _("Note added")
    DOCUMENT_ADDED = "document_added", _("Document added")
    PARTICIPANT_ADDED = "participant_added", _("Agency joined the case")
    PARTICIPANT_ENDED = "participant_ended", _("Agency left the case")
    STATUS_CHANGED = "status_changed", _("Status changed")
    BREAK_GLASS = "break_glass", _("Emergency access")
    NEW_PERSON_CONFIRMED = "new_person_confirmed", _("Recorded as a new person despite possible earlier records")
    MATCH_REQUESTED = "match_requested", _("The agency holding a possible earlier record was asked to confirm")
    MATCH_CONFIRMED = "match_confirmed", _("The holding agency confirmed the same person: linked")
    MATCH_DECLINED = "match_declined", _("The holding agency found it is not the same person")


class MatchRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    CONFIRMED = "confirmed", _("Same person")
    DECLINED = "declined", _("Not the same person")


def encode_codes(codes):
    """Multi-valued codes as '|a|b|' so a filter is a portable LIKE '%|a|%'."""
    codes = sorted({c for c in codes if c})
    return "|" + "|".join(codes) + "|" if codes else ""


def decode_codes(text):
    return [c for c in (text or "").split("|") if c]
