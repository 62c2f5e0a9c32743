from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineKind(models.TextChoices):
    """What verification and identification write on the case's timeline (registered with
    ``cases.timeline`` in ``IdentificationConfig.ready``). Event data holds ids and codes only."""

    VERIFICATION_TASK_ASSIGNED = "verification_task_assigned", _("Verification task assigned")
    VERIFICATION_TASK_CHANGED = "verification_task_changed", _("Verification task status changed")
    VERIFICATION_DUE_DATE_CHANGED = "verification_due_date_changed", _("Verification task due date changed")
    EVIDENCE_RECORDED = "evidence_recorded", _("Evidence recorded")
    DECISION_RECORDED = "decision_recorded", _("Identification decision recorded")
    RETURN_CERTIFICATE_RECORDED = "return_certificate_recorded", _("Certificate of return recorded")


class TaskKind(models.TextChoices):
    """What a verification task checks; each kind is a step of the deadline rule table."""

    INITIAL = "initial", _("Initial verification after notification")
    IDENTITY = "identity", _("Identity")
    NATIONALITY = "nationality", _("Nationality")
    CIRCUMSTANCES = "circumstances", _("Circumstances")
    DOCUMENTS_ABROAD = "documents_abroad", _("Documents abroad")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


# Tasks in these states are still to do: they give the assignee access and count in work queues.
OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE)


class EvidenceSource(models.TextChoices):
    """The nine sources of evidence the 2024 law lists."""

    CRIMINAL_PROCEDURE = "criminal_procedure", _("Criminal-procedure bodies")
    RESCUING_BODY = "rescuing_body", _("The body that rescued the person")
    MISSION_ABROAD = "mission_abroad", _("Vietnamese missions abroad")
    OTHER_DOMESTIC = "other_domestic", _("Other domestic bodies")
    FOREIGN_AUTHORITY = "foreign_authority", _("Foreign authorities")
    PERSON_OR_RELATIVES = "person_or_relatives", _("The person or their relatives")
    PERPETRATOR = "perpetrator", _("Perpetrators")
    VICTIM_OR_WITNESS = "victim_or_witness", _("Other victims or witnesses")
    OTHER_LAWFUL = "other_lawful", _("Other lawful evidence")


class DecisionKind(models.TextChoices):
    VICTIM = "victim", _("Identified as a victim (victim confirmation)")
    NOT_VICTIM = "not_victim", _("Not a victim")
    FALSE_CLAIM = "false_claim", _("False claim")
    RETURN_CERTIFICATE = "return_certificate", _("Certificate of return")


OUTCOME_KINDS = (DecisionKind.VICTIM, DecisionKind.NOT_VICTIM, DecisionKind.FALSE_CLAIM)

# The symbol in the document number (số/ký hiệu), before the issuing agency's own symbol.
DOCUMENT_SYMBOLS = {
    DecisionKind.VICTIM: "GXNNN",
    DecisionKind.NOT_VICTIM: "TB",
    DecisionKind.FALSE_CLAIM: "TB",
    DecisionKind.RETURN_CERTIFICATE: "GCNVN",
}


class ClosureReason(models.TextChoices):
    """Why a case is closed (MISSION.md step 8); the officer's own words go in the reason note."""

    REINTEGRATED = "reintegrated", _("Reintegrated in the community")
    MOVED_AWAY = "moved_away", _("Moved away and handed over to another agency")
    DIED = "died", _("Died")
    REFUSED_SUPPORT = "refused_support", _("Refused further support")
    NOT_VICTIM = "not_victim", _("Not a victim")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    OTHER = "other", _("Other reason")
