"""Needs, support plans, escorts, returns, follow-up visits, reintegration assessments and re-trafficking
links in the API: the same policy, services, validation and audit as the pages. Free text comes back
only after a reveal (``cases.reveal``); health and psychological answers only to the staff who may read
them (``policy.readable_need_domains``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin
from safereturn.cases import reveal
from safereturn.core import errors
from safereturn.core.api import InputSerializer
from safereturn.directory.models import ServiceType

from . import selectors, services, vocab

NEED_LEVELS = "How much help is needed, one of: " + ", ".join(vocab.NeedLevel.values)
SCORE = "From 1 (serious problems) to 4 (stable)"


def _masked(field):
    """A free-text field, itself after a reveal, else the placeholder."""
    return serializers.SerializerMethodField(help_text=f"{field}: shown after a reveal of the case's identity")


class _TextMixin:
    def _text(self, value):
        return reveal.text_or_mask(value, self.context.get("show_text", False))


def _read(view, request, case, what, serializer, rows, **context):
    services.records_viewed(actor=request.actor, case=case, what=what, channel="api")
    show_text = reveal.shown_in_api(request.actor, case)
    return Response(serializer(rows, many=True, context={"show_text": show_text, **context}).data)


def _check(request, case):
    if not policy.can_work_support(request.actor, case):
        raise errors.Denied


# ---- needs --------------------------------------------------------------------------------------------


class NeedsAssessmentSerializer(_TextMixin, serializers.Serializer):
    id = serializers.IntegerField()
    assessed_on = serializers.DateField()
    agency = serializers.IntegerField(source="agency_id")
    age_group = serializers.CharField()
    sex = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    wishes = _masked("wishes")
    education_level = serializers.CharField()
    family_situation = serializers.CharField()
    domains = serializers.SerializerMethodField(
        help_text="By domain: level and notes. Health and psychological state only for health and "
        "social-support staff; absent otherwise"
    )

    def get_wishes(self, obj) -> str:
        return self._text(obj.wishes)

    def get_domains(self, obj) -> dict:
        readable = self.context.get("readable", frozenset())
        return {
            domain: {"level": getattr(obj, domain), "notes": self._text(getattr(obj, f"{domain}_notes"))}
            for domain in vocab.NEED_DOMAINS
            if domain in readable
        }


class NeedsAssessmentInputSerializer(InputSerializer):
    assessed_on = serializers.DateField()
    wishes = serializers.CharField(max_length=10000, help_text="The person's wishes, in their words")
    education_level = serializers.ChoiceField(choices=vocab.EducationLevel.choices, required=False)
    family_situation = serializers.ChoiceField(choices=vocab.FamilySituation.choices, required=False)
    health = serializers.CharField(max_length=10, required=False, help_text=NEED_LEVELS)
    health_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    psychological = serializers.CharField(max_length=10, required=False, help_text=NEED_LEVELS)
    psychological_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    education = serializers.CharField(max_length=10, required=False, help_text=NEED_LEVELS)
    education_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    skills = serializers.CharField(max_length=10, required=False, help_text=NEED_LEVELS)
    skills_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    family = serializers.CharField(max_length=10, required=False, help_text=NEED_LEVELS)
    family_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    safety = serializers.CharField(max_length=10, required=False, help_text=NEED_LEVELS)
    safety_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class CaseNeedsAssessments(CaseScopedMixin, APIView):
    """GET: the case's needs assessments. POST: a new one (health and psychological answers only from
    health and social-support staff)."""

    serializer_class = NeedsAssessmentSerializer

    @extend_schema(responses=NeedsAssessmentSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        readable = policy.readable_need_domains(request.actor)
        return _read(
            self,
            request,
            case,
            "needs_assessments",
            NeedsAssessmentSerializer,
            selectors.case_needs(case),
            readable=readable,
        )

    @extend_schema(request=NeedsAssessmentInputSerializer, responses={201: NeedsAssessmentSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        _check(request, case)
        shape = NeedsAssessmentInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = dict(shape.validated_data)
        assessed_on, wishes = data.pop("assessed_on"), data.pop("wishes")
        made = services.needs_assess(
            actor=request.actor, case=case, assessed_on=assessed_on, wishes=wishes, answers=data
        )
        context = {"show_text": True, "readable": policy.readable_need_domains(request.actor)}
        return Response(NeedsAssessmentSerializer(made, context=context).data, status=status.HTTP_201_CREATED)


# ---- plans --------------------------------------------------------------------------------------------


class PlannedServiceSerializer(_TextMixin, serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    service_type = serializers.CharField()
    owner_agency = serializers.IntegerField(source="owner_agency_id")
    owner_officer = serializers.IntegerField(source="owner_officer_id", allow_null=True)
    target_date = serializers.DateField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    details = _masked("details")

    def get_details(self, obj) -> str:
        return self._text(obj.details)


class SupportPlanSerializer(_TextMixin, serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    starts_on = serializers.DateField()
    next_review_on = serializers.DateField()
    review_interval_days = serializers.IntegerField(source="review_rule.interval_days")
    review_rule_verified = serializers.BooleanField(source="review_rule.verified")
    owner_agency = serializers.IntegerField(source="owner_agency_id")
    owner_officer = serializers.IntegerField(source="owner_officer_id", allow_null=True)
    person_agreed = serializers.BooleanField()
    agreed_on = serializers.DateField(allow_null=True)
    child_wishes_heard_on = serializers.DateField(allow_null=True)
    goals = _masked("goals")
    child_wishes = _masked("child_wishes")
    child_plan = _masked("child_plan")
    closed_on = serializers.DateField(allow_null=True, help_text="When the plan was completed or cancelled")
    close_reason = _masked("close_reason")
    services = serializers.SerializerMethodField()

    def get_close_reason(self, obj) -> str:
        return self._text(obj.close_reason) if obj.close_reason else ""

    def get_goals(self, obj) -> str:
        return self._text(obj.goals)

    def get_child_wishes(self, obj) -> str:
        return self._text(obj.child_wishes)

    def get_child_plan(self, obj) -> str:
        return self._text(obj.child_plan)

    def get_services(self, obj) -> list[dict]:
        return PlannedServiceSerializer(selectors.plan_services(obj), many=True, context=self.context).data


class SupportPlanInputSerializer(InputSerializer):
    goals = serializers.CharField(max_length=10000)
    starts_on = serializers.DateField()
    owner_agency = serializers.IntegerField(help_text="An agency taking part in the case")
    owner_officer = serializers.IntegerField(required=False, allow_null=True)
    person_agreed = serializers.BooleanField(required=False, default=False)
    agreed_on = serializers.DateField(required=False, allow_null=True)
    needs_assessment = serializers.IntegerField(required=False, allow_null=True)
    child_wishes_heard_on = serializers.DateField(required=False, allow_null=True, help_text="Required for a child")
    child_wishes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    child_plan = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class CaseSupportPlans(CaseScopedMixin, APIView):
    """GET: the case's support plans with their services. POST: a new plan (one in progress at a time)."""

    serializer_class = SupportPlanSerializer

    @extend_schema(responses=SupportPlanSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        return _read(self, request, case, "support_plans", SupportPlanSerializer, selectors.case_plans(case))

    @extend_schema(request=SupportPlanInputSerializer, responses={201: SupportPlanSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        _check(request, case)
        shape = SupportPlanInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = dict(shape.validated_data)
        plan = services.plan_create(
            actor=request.actor,
            case=case,
            goals=data["goals"],
            starts_on=data["starts_on"],
            owner_agency_id=data["owner_agency"],
            owner_officer_id=data.get("owner_officer"),
            person_agreed=data.get("person_agreed", False),
            agreed_on=data.get("agreed_on"),
            needs_assessment_id=data.get("needs_assessment"),
            child_wishes_heard_on=data.get("child_wishes_heard_on"),
            child_wishes=data.get("child_wishes", ""),
            child_plan=data.get("child_plan", ""),
        )
        return Response(SupportPlanSerializer(plan, context={"show_text": True}).data, status=status.HTTP_201_CREATED)


class PlanReviewInputSerializer(InputSerializer):
    version = serializers.IntegerField(help_text="The plan version you saw")
    reviewed_on = serializers.DateField()
    notes = serializers.CharField(max_length=10000)
    status = serializers.ChoiceField(choices=vocab.PlanStatus.choices, required=False, default=vocab.PlanStatus.ACTIVE)


class _PlanScopedMixin(CaseScopedMixin):
    def get_plan(self, request, case_id, plan_id):
        """The case (through the policy) and one of its plans, after the write check."""
        case = self.get_case(case_id)
        plan = selectors.one_of(selectors.case_plans(case), plan_id)
        plan.case = case
        _check(request, case)
        return case, plan


class CaseSupportPlanReview(_PlanScopedMixin, APIView):
    """Record a review of a plan in progress; the next review is scheduled from the rule table."""

    serializer_class = SupportPlanSerializer

    @extend_schema(request=PlanReviewInputSerializer, responses=SupportPlanSerializer)
    def post(self, request, case_id, plan_id):
        case, plan = self.get_plan(request, case_id, plan_id)
        shape = PlanReviewInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        plan = services.plan_review(
            actor=request.actor,
            plan=plan,
            reviewed_on=data["reviewed_on"],
            notes=data["notes"],
            status=data["status"],
            expected_version=data["version"],
        )
        return Response(
            SupportPlanSerializer(plan, context={"show_text": reveal.shown_in_api(request.actor, case)}).data
        )


class PlanCloseInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The plan version you saw")
    outcome = serializers.ChoiceField(choices=[(s, s) for s in vocab.PLAN_ENDINGS])
    closed_on = serializers.DateField()
    reason = serializers.CharField(max_length=10000, help_text="What the plan achieved, or why it is cancelled")


class CaseSupportPlanClose(_PlanScopedMixin, APIView):
    """Complete a plan (every planned service done or cancelled) or cancel it (its open services with it),
    with the date and the reason; a stale version is a 409."""

    serializer_class = SupportPlanSerializer

    @extend_schema(request=PlanCloseInputSerializer, responses=SupportPlanSerializer)
    def post(self, request, case_id, plan_id):
        case, plan = self.get_plan(request, case_id, plan_id)
        shape = PlanCloseInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        plan = services.plan_close(
            actor=request.actor,
            plan=plan,
            outcome=data["outcome"],
            closed_on=data["closed_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return Response(
            SupportPlanSerializer(plan, context={"show_text": reveal.shown_in_api(request.actor, case)}).data
        )


class PlannedServiceInputSerializer(InputSerializer):
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    target_date = serializers.DateField()
    owner_agency = serializers.IntegerField(help_text="An agency taking part in the case")
    owner_officer = serializers.IntegerField(required=False, allow_null=True)
    details = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class CaseSupportPlanServices(_PlanScopedMixin, APIView):
    """Add a planned service to a plan in progress: it appears in the work queue of the agency in charge."""

    serializer_class = PlannedServiceSerializer

    @extend_schema(request=PlannedServiceInputSerializer, responses={201: PlannedServiceSerializer})
    def post(self, request, case_id, plan_id):
        case, plan = self.get_plan(request, case_id, plan_id)
        shape = PlannedServiceInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        made = services.service_add(
            actor=request.actor,
            plan=plan,
            service_type=data["service_type"],
            target_date=data["target_date"],
            owner_agency_id=data["owner_agency"],
            owner_officer_id=data.get("owner_officer"),
            details=data.get("details", ""),
        )
        return Response(
            PlannedServiceSerializer(made, context={"show_text": True}).data, status=status.HTTP_201_CREATED
        )


class ServiceStatusInputSerializer(InputSerializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=vocab.ServiceStatus.choices)


class CasePlannedService(CaseScopedMixin, APIView):
    """Move a planned service on (in progress, done, cancelled): the agency in charge or the case's support staff."""

    serializer_class = PlannedServiceSerializer

    @extend_schema(request=ServiceStatusInputSerializer, responses=PlannedServiceSerializer)
    def post(self, request, case_id, service_id):
        case = self.get_case(case_id)
        service = selectors.one_of(selectors.case_services(case), service_id)
        service.case = case
        if not policy.can_update_planned_service(request.actor, service):
            raise errors.Denied
        shape = ServiceStatusInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        service = services.service_set_status(
            actor=request.actor, service=service, status=data["status"], expected_version=data["version"]
        )
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(PlannedServiceSerializer(service, context={"show_text": show_text}).data)


# ---- escort, family, return, follow-up ---------------------------------------------------------------


class EscortSerializer(_TextMixin, serializers.Serializer):
    id = serializers.IntegerField()
    escorted_on = serializers.DateField()
    destination = serializers.CharField()
    officer = serializers.IntegerField(source="officer_id")
    agency = serializers.IntegerField(source="agency_id")
    receiver_name = _masked("receiver_name")
    receiver_relationship = serializers.CharField()
    receiver_id_checked = serializers.BooleanField()
    receiving_organisation = serializers.IntegerField(source="receiving_organisation_id", allow_null=True)
    notes = _masked("notes")

    def get_receiver_name(self, obj) -> str:
        return self._text(obj.receiver_name)

    def get_notes(self, obj) -> str:
        return self._text(obj.notes)


class EscortInputSerializer(InputSerializer):
    escorted_on = serializers.DateField()
    destination = serializers.ChoiceField(choices=vocab.EscortDestination.choices)
    receiver_name = serializers.CharField(max_length=200)
    receiver_relationship = serializers.ChoiceField(choices=vocab.Relationship.choices)
    receiver_id_checked = serializers.BooleanField()
    receiving_organisation = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    return_home = serializers.BooleanField(
        required=False, default=False, help_text="The escort is the child's return home: follow-up visits are scheduled"
    )
    follow_up_agency = serializers.IntegerField(required=False, allow_null=True)


class CaseChildEscorts(CaseScopedMixin, APIView):
    """GET: the escorts of the child. POST: an escort to a guardian or to child-protection services (a
    child's case only)."""

    serializer_class = EscortSerializer

    @extend_schema(responses=EscortSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        return _read(self, request, case, "child_escorts", EscortSerializer, selectors.case_escorts(case))

    @extend_schema(request=EscortInputSerializer, responses={201: EscortSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        _check(request, case)
        shape = EscortInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        made = services.escort_record(
            actor=request.actor,
            case=case,
            escorted_on=data["escorted_on"],
            destination=data["destination"],
            receiver_name=data["receiver_name"],
            receiver_relationship=data["receiver_relationship"],
            receiver_id_checked=data["receiver_id_checked"],
            receiving_organisation_id=data.get("receiving_organisation"),
            notes=data.get("notes", ""),
            return_home=data["return_home"],
            follow_up_agency_id=data.get("follow_up_agency"),
        )
        return Response(EscortSerializer(made, context={"show_text": True}).data, status=status.HTTP_201_CREATED)


class FamilyContactSerializer(_TextMixin, serializers.Serializer):
    id = serializers.IntegerField()
    contacted_on = serializers.DateField()
    method = serializers.CharField()
    outcome = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    notes = _masked("notes")

    def get_notes(self, obj) -> str:
        return self._text(obj.notes)


class FamilyContactInputSerializer(InputSerializer):
    contacted_on = serializers.DateField()
    method = serializers.ChoiceField(choices=vocab.ContactMethod.choices)
    outcome = serializers.ChoiceField(choices=vocab.ContactOutcome.choices)
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class CaseFamilyContacts(CaseScopedMixin, APIView):
    serializer_class = FamilyContactSerializer

    @extend_schema(responses=FamilyContactSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        return _read(
            self, request, case, "family_contacts", FamilyContactSerializer, selectors.case_family_contacts(case)
        )

    @extend_schema(request=FamilyContactInputSerializer, responses={201: FamilyContactSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        _check(request, case)
        shape = FamilyContactInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        made = services.family_contact_record(actor=request.actor, case=case, **shape.validated_data)
        return Response(FamilyContactSerializer(made, context={"show_text": True}).data, status=status.HTTP_201_CREATED)


class ReturnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    returned_on = serializers.DateField()
    place = serializers.CharField()
    escort = serializers.IntegerField(source="escort_id", allow_null=True)
    follow_up_agency = serializers.IntegerField(source="follow_up_agency_id")
    follow_up_officer = serializers.IntegerField(source="follow_up_officer_id", allow_null=True)


class ReturnInputSerializer(InputSerializer):
    returned_on = serializers.DateField()
    place = serializers.ChoiceField(choices=vocab.ReturnPlace.choices)
    follow_up_agency = serializers.IntegerField(help_text="An agency taking part in the case")
    follow_up_officer = serializers.IntegerField(required=False, allow_null=True)


class CaseReturns(CaseScopedMixin, APIView):
    """GET: the returns. POST: the return to the community; the first follow-up visit is scheduled from
    the rule table."""

    serializer_class = ReturnSerializer

    @extend_schema(responses=ReturnSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        return _read(self, request, case, "returns", ReturnSerializer, selectors.case_returns(case))

    @extend_schema(request=ReturnInputSerializer, responses={201: ReturnSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        _check(request, case)
        shape = ReturnInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        made = services.return_record(
            actor=request.actor,
            case=case,
            returned_on=data["returned_on"],
            place=data["place"],
            follow_up_agency_id=data["follow_up_agency"],
            follow_up_officer_id=data.get("follow_up_officer"),
        )
        return Response(ReturnSerializer(made).data, status=status.HTTP_201_CREATED)


class VisitSerializer(_TextMixin, serializers.Serializer):
    id = serializers.IntegerField()
    sequence = serializers.IntegerField()
    due_on = serializers.DateField()
    overdue = serializers.BooleanField(source="is_overdue")
    status = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    officer = serializers.IntegerField(source="officer_id", allow_null=True)
    visited_on = serializers.DateField(allow_null=True)
    visited_by_organisation = serializers.CharField()
    rule = serializers.IntegerField(source="rule_id", allow_null=True)
    version = serializers.IntegerField()
    findings = _masked("findings")

    def get_findings(self, obj) -> str:
        return self._text(obj.findings)


class VisitInputSerializer(InputSerializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=[(s, s) for s in (vocab.VisitStatus.DONE, vocab.VisitStatus.MISSED, vocab.VisitStatus.CANCELLED)]
    )
    visited_on = serializers.DateField(required=False, allow_null=True)
    findings = serializers.CharField(max_length=10000)
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CaseFollowUpVisits(CaseScopedMixin, APIView):
    serializer_class = VisitSerializer

    @extend_schema(responses=VisitSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        return _read(self, request, case, "follow_up_visits", VisitSerializer, selectors.case_visits(case))


class CaseFollowUpVisit(CaseScopedMixin, APIView):
    """Record a scheduled visit (done, person not met, cancelled); the next one is scheduled from the rule table."""

    serializer_class = VisitSerializer

    @extend_schema(request=VisitInputSerializer, responses=VisitSerializer)
    def post(self, request, case_id, visit_id):
        case = self.get_case(case_id)
        visit = selectors.one_of(selectors.case_visits(case).select_related("community_return"), visit_id)
        visit.case = case
        _check(request, case)
        shape = VisitInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        visit, _following = services.follow_up_record(
            actor=request.actor,
            visit=visit,
            status=data["status"],
            visited_on=data.get("visited_on"),
            findings=data["findings"],
            organisation=data.get("organisation", ""),
            expected_version=data["version"],
        )
        return Response(VisitSerializer(visit, context={"show_text": True}).data)


# ---- reintegration assessment and re-trafficking -----------------------------------------------------


class ReintegrationAssessmentSerializer(_TextMixin, serializers.Serializer):
    id = serializers.IntegerField()
    assessed_on = serializers.DateField()
    agency = serializers.IntegerField(source="agency_id")
    safety = serializers.IntegerField()
    income = serializers.IntegerField()
    housing = serializers.IntegerField()
    health = serializers.SerializerMethodField(
        help_text="A medical record: null for officers who may not read medical notes (or when not scored)"
    )
    family = serializers.IntegerField()
    community = serializers.IntegerField()
    total = serializers.SerializerMethodField(help_text="Of the scores you may read")
    max_total = serializers.SerializerMethodField()
    level = serializers.CharField()
    recommendation = serializers.CharField()
    notes = _masked("notes")

    def get_notes(self, obj) -> str:
        return self._text(obj.notes)

    def get_health(self, obj) -> int | None:
        return obj.health if "health" in self.context["readable"] else None

    def get_total(self, obj) -> int:
        return obj.scored(self.context["readable"])[0]

    def get_max_total(self, obj) -> int:
        return obj.scored(self.context["readable"])[1]


class ReintegrationAssessmentInputSerializer(InputSerializer):
    assessed_on = serializers.DateField()
    safety = serializers.IntegerField(min_value=1, max_value=4, help_text=SCORE)
    income = serializers.IntegerField(min_value=1, max_value=4, help_text=SCORE)
    housing = serializers.IntegerField(min_value=1, max_value=4, help_text=SCORE)
    health = serializers.IntegerField(
        min_value=1,
        max_value=4,
        required=False,
        allow_null=True,
        help_text=SCORE + " Health and social-support staff only (a medical record).",
    )
    family = serializers.IntegerField(min_value=1, max_value=4, help_text=SCORE)
    community = serializers.IntegerField(min_value=1, max_value=4, help_text=SCORE)
    level = serializers.ChoiceField(choices=vocab.ReintegrationLevel.choices)
    recommendation = serializers.ChoiceField(choices=vocab.Recommendation.choices)
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class CaseReintegrationAssessments(CaseScopedMixin, APIView):
    serializer_class = ReintegrationAssessmentSerializer

    @extend_schema(responses=ReintegrationAssessmentSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        rows = selectors.case_assessments(case)
        readable = policy.readable_reintegration_domains(request.actor)
        return _read(
            self, request, case, "reintegration_assessments", ReintegrationAssessmentSerializer, rows, readable=readable
        )

    @extend_schema(request=ReintegrationAssessmentInputSerializer, responses={201: ReintegrationAssessmentSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        _check(request, case)
        shape = ReintegrationAssessmentInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        made = services.reintegration_assess(
            actor=request.actor,
            case=case,
            assessed_on=data["assessed_on"],
            scores={domain: data.get(domain) for domain in vocab.REINTEGRATION_DOMAINS},
            level=data["level"],
            recommendation=data["recommendation"],
            notes=data.get("notes", ""),
        )
        context = {"show_text": True, "readable": policy.readable_reintegration_domains(request.actor)}
        return Response(ReintegrationAssessmentSerializer(made, context=context).data, status=status.HTTP_201_CREATED)


class RetraffickingLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="link.pk")
    direction = serializers.CharField(help_text="later: this case's person was trafficked again in the other case")
    other_case = serializers.SerializerMethodField(help_text="The other case's id, when you may open it")
    other_case_number = serializers.SerializerMethodField()
    flagged_on = serializers.DateField(source="link.flagged_on")

    def get_other_case(self, row) -> str | None:
        return str(row["other"].pk) if row["other_visible"] else None

    def get_other_case_number(self, row) -> str | None:
        return row["other"].number if row["other_visible"] else None


class RetraffickingInputSerializer(InputSerializer):
    new_case_number = serializers.CharField(max_length=32, help_text="The number of a case you may open")
    flagged_on = serializers.DateField()
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)


def _links(actor, case):
    visible = policy.visible_cases(actor)
    return [{**row, "other_visible": visible.filter(pk=row["other"].pk).exists()} for row in selectors.case_links(case)]


class CaseRetraffickingLinks(CaseScopedMixin, APIView):
    """GET: re-trafficking links of the case, either way. POST: link a new case of the same person."""

    serializer_class = RetraffickingLinkSerializer

    @extend_schema(responses=RetraffickingLinkSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.records_viewed(actor=request.actor, case=case, what="retrafficking_links", channel="api")
        return Response(RetraffickingLinkSerializer(_links(request.actor, case), many=True).data)

    @extend_schema(request=RetraffickingInputSerializer, responses={201: RetraffickingLinkSerializer(many=True)})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        _check(request, case)
        shape = RetraffickingInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        services.retrafficking_flag(actor=request.actor, case=case, **shape.validated_data)
        return Response(
            RetraffickingLinkSerializer(_links(request.actor, case), many=True).data, status=status.HTTP_201_CREATED
        )
