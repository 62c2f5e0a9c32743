"""Controlled vocabularies for tips (tin báo, tố giác) and the commune register of at-risk and missing persons."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Nguồn tin báo: where the tip came from."""

    HOTLINE_111 = "hotline_111", _("National hotline 111")  # Tổng đài 111
    PROVINCIAL_HOTLINE = "provincial_hotline", _("Provincial hotline")  # đường dây nóng của tỉnh, e.g. 1800 1581
    FAMILY = "family", _("Family or relatives")  # gia đình, người thân báo tin
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")  # Hội LHPN, Đoàn TN, MTTQ
    AGENCY = "agency", _("Another agency")  # cơ quan, tổ chức khác
    SELF = "self", _("The person concerned")  # người bị hại tự trình báo
    OTHER = "other", _("Other")


class Pathway(models.TextChoices):
    """Con đường nghi bị mua bán: how the person is thought to have been taken."""

    LABOUR_EXPORT = "labour_export", _("Labour export")  # xuất khẩu lao động
    MARRIAGE_ABROAD = "marriage_abroad", _("Marriage abroad")  # kết hôn với người nước ngoài
    TOURISM = "tourism", _("Tourism")  # đi du lịch
    ONLINE_JOB = "online_job", _("Job offered online")  # "việc nhẹ lương cao" qua mạng
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Priority(models.TextChoices):
    """Mức độ khẩn cấp."""

    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class TipStatus(models.TextChoices):
    """Trạng thái tin báo: received, triaged, forwarded to the competent agency, then linked to a case or closed."""

    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    FORWARDED = "forwarded", _("Forwarded")
    LINKED = "linked", _("Linked to a case")
    CLOSED = "closed", _("Closed")


# A tip still being worked on; linked and closed tips are final.
OPEN_TIP_STATUSES = frozenset({TipStatus.NEW, TipStatus.TRIAGED, TipStatus.FORWARDED})


class CloseReason(models.TextChoices):
    """Lý do đóng tin báo."""

    NO_TRAFFICKING_SIGNS = "no_trafficking_signs", _("No signs of trafficking")
    DUPLICATE = "duplicate", _("Duplicate of another tip")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Not enough information to act on")
    PERSON_FOUND_SAFE = "person_found_safe", _("Person found safe")
    OTHER = "other", _("Other")


class TipEventKind(models.TextChoices):
    REGISTERED = "registered", _("Tip received")
    TRIAGED = "triaged", _("Tip triaged")
    FORWARDED = "forwarded", _("Forwarded to another agency")
    LINKED = "linked", _("Linked to a case")
    CLOSED = "closed", _("Tip closed")


class CaseTimelineKind(models.TextChoices):
    """What tips and the register write on a case's timeline (registered with ``cases.timeline``):
    only that a tip or a register entry led to the case, never what it says or whom it names."""

    TIP_LINKED = "tip_linked", _("Tip linked")
    REGISTER_ENTRY_LINKED = "register_entry_linked", _("Commune register entry linked")


class RegisterCategory(models.TextChoices):
    """Loại đối tượng trong sổ theo dõi."""

    MISSING_PERSON = "missing_person", _("Person missing from the locality")  # đi khỏi địa phương không rõ tung tích
    AT_RISK = "at_risk", _("Person at risk")  # người có nguy cơ bị mua bán


class RegisterStatus(models.TextChoices):
    OPEN = "open", _("Being followed")  # đang theo dõi
    FOUND_SAFE = "found_safe", _("Found safe")
    RETURNED_VICTIM = "returned_victim", _("Returned as a victim")
    CLOSED = "closed", _("No longer followed")
