"""Needs assessments, individual support plans with their services and reviews, the escort of a child,
the return to the community, follow-up visits, the reintegration assessment and re-trafficking links.

Free text about the person (wishes, notes, findings, the receiving person's name) is encrypted at rest.
The review interval and the follow-up schedule are rule rows (law as data), chosen by date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.cases import vocab as case_vocab
from safereturn.core.fields import EncryptedTextField
from safereturn.directory.models import ServiceType
from safereturn.rules.models import RuleBase, dates_ordered

from . import vocab

# ---- rules --------------------------------------------------------------------------------------------


class PlanReviewRule(RuleBase):
    """How often an individual support plan is reviewed (days between reviews)."""

    interval_days = models.PositiveSmallIntegerField(_("days between reviews"))

    class Meta:
        verbose_name = _("support plan review rule")
        verbose_name_plural = _("support plan review rules")
        constraints = [dates_ordered("plan_review_rule_dates_ordered")]

    def __str__(self):
        return f"{self.interval_days} days from {self.effective_from:%d/%m/%Y}"


class FollowUpVisitRule(RuleBase):
    """The follow-up visits after a return: visit ``sequence`` is due ``months_after_return`` months
    after the person returned (1, 3 and 6 months by default)."""

    sequence = models.PositiveSmallIntegerField(_("visit number"))
    months_after_return = models.PositiveSmallIntegerField(_("months after the return"))

    key_fields = ("sequence",)

    class Meta:
        ordering = ["sequence", "effective_from"]
        verbose_name = _("follow-up visit rule")
        verbose_name_plural = _("follow-up visit rules")
        constraints = [dates_ordered("follow_up_rule_dates_ordered")]

    def __str__(self):
        return f"visit {self.sequence}: {self.months_after_return} months"


# ---- needs and plans ----------------------------------------------------------------------------------


class NeedsAssessment(models.Model):
    """Đánh giá nhu cầu: victim-centred, in the person's own words, by domain (a level and a note each)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="needs_assessments")
    assessed_on = models.DateField(_("date of the assessment"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    # Copied from the case when assessed (not identity: the case holds them unencrypted for lists).
    age_group = models.CharField(_("age group"), max_length=10, choices=case_vocab.AgeGroup.choices)
    sex = models.CharField(_("sex"), max_length=10, choices=case_vocab.Sex.choices)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    wishes = EncryptedTextField(_("the person's wishes, in their words"))
    health = models.CharField(_("health"), max_length=10, choices=vocab.NeedLevel.choices, default="unknown")
    health_notes = EncryptedTextField(_("health notes"), blank=True, default="")
    psychological = models.CharField(
        _("psychological state"), max_length=10, choices=vocab.NeedLevel.choices, default="unknown"
    )
    psychological_notes = EncryptedTextField(_("psychological notes"), blank=True, default="")
    education = models.CharField(_("education"), max_length=10, choices=vocab.NeedLevel.choices, default="unknown")
    education_level = models.CharField(
        _("schooling completed"), max_length=20, choices=vocab.EducationLevel.choices, default="unknown"
    )
    education_notes = EncryptedTextField(_("education notes"), blank=True, default="")
    skills = models.CharField(_("skills and work"), max_length=10, choices=vocab.NeedLevel.choices, default="unknown")
    skills_notes = EncryptedTextField(_("skills notes"), blank=True, default="")
    family = models.CharField(_("family"), max_length=10, choices=vocab.NeedLevel.choices, default="unknown")
    family_situation = models.CharField(
        _("family situation"), max_length=20, choices=vocab.FamilySituation.choices, default="unknown"
    )
    family_notes = EncryptedTextField(_("family notes"), blank=True, default="")
    safety = models.CharField(_("safety"), max_length=10, choices=vocab.NeedLevel.choices, default="unknown")
    safety_notes = EncryptedTextField(_("safety notes"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self):
        return f"needs assessment #{self.pk}"


class SupportPlan(models.Model):
    """Kế hoạch hỗ trợ cá nhân: goals, the person's agreement, planned services and a review schedule.
    For a child: the child's wishes heard, and the child's own plan in the child's words."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support_plans")
    needs_assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    goals = EncryptedTextField(_("goals"))
    person_agreed = models.BooleanField(_("the person agrees with the plan"), default=False)
    agreed_on = models.DateField(_("date of agreement"), null=True, blank=True)
    child_wishes_heard_on = models.DateField(_("date the child's wishes were heard"), null=True, blank=True)
    child_wishes = EncryptedTextField(_("the child's wishes"), blank=True, default="")
    child_plan = EncryptedTextField(_("the child's own plan"), blank=True, default="")
    owner_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency in charge")
    )
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer in charge"),
    )
    starts_on = models.DateField(_("start date"))
    next_review_on = models.DateField(_("next review"))
    review_rule = models.ForeignKey(PlanReviewRule, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=vocab.PlanStatus.choices, default=vocab.PlanStatus.ACTIVE
    )
    # Completed or cancelled: when, why (what it achieved, or why it stopped: may describe the person), by whom.
    closed_on = models.DateField(_("completed or cancelled on"), null=True, blank=True)
    close_reason = EncryptedTextField(_("reason"), blank=True, default="")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("individual support plan")
        verbose_name_plural = _("individual support plans")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="active"), name="one_active_plan_per_case")
        ]
        indexes = [models.Index(fields=["owner_agency", "status", "next_review_on"])]

    def __str__(self):
        return f"support plan #{self.pk}"


class PlannedService(models.Model):
    """A service of the plan: its kind (the directory's service types), owner, target date and status."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="services")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="planned_services")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    details = EncryptedTextField(_("details"), blank=True, default="")
    owner_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency in charge")
    )
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer in charge"),
    )
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=12, choices=vocab.ServiceStatus.choices, default=vocab.ServiceStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")
        indexes = [models.Index(fields=["owner_agency", "status", "target_date"])]

    def __str__(self):
        return f"planned service #{self.pk}"

    @property
    def is_open(self):
        return self.status in vocab.OPEN_SERVICE_STATUSES


class PlanReview(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="reviews")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plan_reviews")
    reviewed_on = models.DateField(_("date of the review"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    notes = EncryptedTextField(_("what the review found"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("support plan review")
        verbose_name_plural = _("support plan reviews")

    def __str__(self):
        return f"plan review #{self.pk}"


# ---- children -----------------------------------------------------------------------------------------


class ChildEscort(models.Model):
    """A child escorted to a parent or guardian, or to child-protection services, and who received the child."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="child_escorts")
    escorted_on = models.DateField(_("date of the escort"))
    destination = models.CharField(_("escorted"), max_length=20, choices=vocab.EscortDestination.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("escorting officer")
    )
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    receiver_name = EncryptedTextField(_("name of the person who received the child"))
    receiver_relationship = models.CharField(
        _("relationship to the child"), max_length=20, choices=vocab.Relationship.choices
    )
    receiver_id_checked = models.BooleanField(_("identity papers of the receiver checked"))
    receiving_organisation = models.ForeignKey(
        "directory.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving organisation"),
    )
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-escorted_on", "-id"]
        verbose_name = _("escort of a child")
        verbose_name_plural = _("escorts of children")

    def __str__(self):
        return f"escort #{self.pk}"


# ---- return and reintegration -------------------------------------------------------------------------


class FamilyContact(models.Model):
    """The family contacted before the person returns: when, how, and what came of it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="family_contacts")
    contacted_on = models.DateField(_("date of the contact"))
    method = models.CharField(_("how"), max_length=20, choices=vocab.ContactMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=vocab.ContactOutcome.choices)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("family contact")
        verbose_name_plural = _("family contacts")

    def __str__(self):
        return f"family contact #{self.pk}"


class CommunityReturn(models.Model):
    """Trở về cộng đồng: the day the person went back, where to, and who follows them up. Follow-up
    visits are counted from this day, as the rule table says."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="community_returns")
    returned_on = models.DateField(_("date of the return"))
    place = models.CharField(_("returned"), max_length=20, choices=vocab.ReturnPlace.choices)
    escort = models.ForeignKey(ChildEscort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    follow_up_agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency that follows up")
    )
    follow_up_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer who follows up"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-returned_on", "-id"]
        verbose_name = _("return to the community")
        verbose_name_plural = _("returns to the community")

    def __str__(self):
        return f"return #{self.pk}"


class FollowUpVisit(models.Model):
    """A follow-up visit, scheduled from the rule table and then recorded with its findings."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_up_visits")
    community_return = models.ForeignKey(CommunityReturn, on_delete=models.CASCADE, related_name="visits")
    sequence = models.PositiveSmallIntegerField(_("visit number"))
    due_on = models.DateField(_("due"))
    rule = models.ForeignKey(FollowUpVisitRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(
        "directory.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency that visits")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=vocab.VisitStatus.choices, default=vocab.VisitStatus.SCHEDULED
    )
    visited_on = models.DateField(_("date of the visit"), null=True, blank=True)
    visited_by_organisation = models.CharField(
        _("organisation that visited, if not the agency"), max_length=200, blank=True
    )
    findings = EncryptedTextField(_("findings"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        constraints = [
            models.UniqueConstraint(fields=["community_return", "sequence"], name="one_visit_per_number_per_return")
        ]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]

    def __str__(self):
        return f"follow-up visit #{self.pk}"

    @property
    def is_overdue(self):
        return self.status == vocab.VisitStatus.SCHEDULED and self.due_on < timezone.localdate()


class ReintegrationAssessment(models.Model):
    """Đánh giá tái hòa nhập: a score by domain, an overall level and a recommendation."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reintegration_assessments")
    assessed_on = models.DateField(_("date of the assessment"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    safety = models.PositiveSmallIntegerField(_("safety"), choices=vocab.DomainScore.choices)
    income = models.PositiveSmallIntegerField(_("income and work"), choices=vocab.DomainScore.choices)
    housing = models.PositiveSmallIntegerField(_("housing"), choices=vocab.DomainScore.choices)
    # A medical record: given and read only by staff who may read medical notes (empty when others assess).
    health = models.PositiveSmallIntegerField(_("health"), choices=vocab.DomainScore.choices, null=True, blank=True)
    family = models.PositiveSmallIntegerField(_("family relations"), choices=vocab.DomainScore.choices)
    community = models.PositiveSmallIntegerField(_("community acceptance"), choices=vocab.DomainScore.choices)
    level = models.CharField(_("overall"), max_length=20, choices=vocab.ReintegrationLevel.choices)
    recommendation = models.CharField(_("recommendation"), max_length=12, choices=vocab.Recommendation.choices)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("reintegration assessment")
        verbose_name_plural = _("reintegration assessments")

    def __str__(self):
        return f"reintegration assessment #{self.pk}"

    def scored(self, readable):
        """The total and its maximum over the domains ``readable`` by the reader that were scored: a reader
        who may not see the health score cannot work it out from the total either."""
        scores = [getattr(self, d) for d in vocab.REINTEGRATION_DOMAINS if d in readable and getattr(self, d)]
        return sum(scores), 4 * len(scores)


class RetraffickingLink(models.Model):
    """Bị mua bán lại: the person of the earlier case was trafficked again in the later one. A link is
    two rows, one on each case (``direction``: where ``other_case`` stands), so each case reads its
    own links by its own key, like every other list of the case page."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="retrafficking_links")
    other_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(_("the other case is"), max_length=8, choices=vocab.LinkDirection.choices)
    flagged_on = models.DateField(_("date"))
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-flagged_on", "-id"]
        verbose_name = _("re-trafficking link")
        verbose_name_plural = _("re-trafficking links")
        constraints = [
            models.UniqueConstraint(fields=["case", "other_case"], name="retrafficking_link_unique"),
            models.CheckConstraint(condition=~Q(case=models.F("other_case")), name="retrafficking_link_other_case"),
        ]

    def __str__(self):
        return f"re-trafficking link #{self.pk}"
