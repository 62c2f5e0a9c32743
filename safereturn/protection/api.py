"""Protection API: the same policy, services, validation and audit as the pages."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin, HasCaseRole
from safereturn.cases import reveal
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view
from safereturn.core.api import InputSerializer

from . import selectors, services, vocab


def _details_shown(actor, case):
    """Free text and names: roles that may read the details, under the reveal rule."""
    return policy.can_read_risk_details(actor, case) and reveal.shown_in_api(actor, case)


class RiskAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assessed_on = serializers.DateField()
    level = serializers.CharField()
    codes = serializers.SerializerMethodField(help_text="Threats found; empty for roles that may not read them")
    narrative = serializers.SerializerMethodField()
    review_date = serializers.DateField()
    reviewed = serializers.SerializerMethodField()
    assessor_agency = serializers.IntegerField(source="assessor_agency_id")

    def get_codes(self, assessment) -> list[str]:
        return assessment.code_list if self.context.get("can_read") else []

    def get_narrative(self, assessment) -> str:
        if not self.context.get("can_read"):
            return reveal.text_or_mask(assessment.narrative, False)
        return reveal.text_or_mask(assessment.narrative, self.context.get("show_text", False))

    def get_reviewed(self, assessment) -> bool:
        return assessment.closed_at is not None


class RiskAssessmentInputSerializer(InputSerializer):
    level = serializers.ChoiceField(choices=vocab.RiskLevel.choices)
    codes = serializers.ListField(child=serializers.ChoiceField(choices=vocab.RiskCode.choices), required=False)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    assessed_on = serializers.DateField(required=False, allow_null=True)
    review_date = serializers.DateField(required=False, allow_null=True)


class CaseRiskAssessments(CaseScopedMixin, APIView):
    """GET: the case's risk assessments. POST: a new one (closes the open one: its review is done)."""

    serializer_class = RiskAssessmentSerializer

    @extend_schema(responses=RiskAssessmentSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.records_viewed(actor=request.actor, case=case, what="risk_assessments", channel="api")
        context = {
            "can_read": policy.can_read_risk_details(request.actor, case),
            "show_text": _details_shown(request.actor, case),
        }
        rows = selectors.case_assessments(case)
        return Response(RiskAssessmentSerializer(rows, many=True, context=context).data)

    @extend_schema(request=RiskAssessmentInputSerializer, responses={201: RiskAssessmentSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_assess_risk(request.actor, case):
            raise errors.Denied
        shape = RiskAssessmentInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        assessment = services.risk_assess(
            actor=request.actor,
            case=case,
            level=data["level"],
            codes=data.get("codes", ()),
            narrative=data.get("narrative", ""),
            assessed_on=data.get("assessed_on"),
            review_date=data.get("review_date"),
        )
        context = {"can_read": True, "show_text": True}
        return Response(RiskAssessmentSerializer(assessment, context=context).data, status=status.HTTP_201_CREATED)


class MeasureReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reviewed_on = serializers.DateField()
    outcome = serializers.CharField(help_text="continue, change or end")
    note = serializers.SerializerMethodField(help_text="Masked unless the caller may read it now")
    next_review_date = serializers.DateField(allow_null=True)
    reviewed_by = serializers.IntegerField(source="reviewed_by_id")
    reviewed_by_agency = serializers.IntegerField(source="reviewed_by_agency_id")
    recorded_at = serializers.DateTimeField()

    def get_note(self, review) -> str:
        return reveal.text_or_mask(review.note, self.context.get("show_text", False))


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    measure = serializers.CharField(source="measure_type.code")
    measure_name = serializers.CharField(source="measure_type.name")
    citation = serializers.CharField(source="measure_type.citation")
    citation_verified = serializers.BooleanField(source="measure_type.verified")
    protects = serializers.CharField()
    protected_description = serializers.CharField()
    protected_name = serializers.SerializerMethodField()
    details = serializers.SerializerMethodField()
    requested_by_agency = serializers.IntegerField(source="requested_by_agency_id")
    deciding_agency = serializers.IntegerField(source="deciding_agency_id")
    deciding_official = serializers.CharField()
    decided_on = serializers.DateField()
    start_date = serializers.DateField()
    review_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    refused_on = serializers.DateField(allow_null=True)
    commitment = serializers.IntegerField(source="commitment_id", allow_null=True)
    last_reviewed_on = serializers.DateField(allow_null=True)
    reviews = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(MeasureReviewSerializer(many=True))
    def get_reviews(self, measure):
        # Prefetched for a list; read for one measure.
        reviews = sorted(measure.reviews.all(), key=lambda r: (r.reviewed_on, r.pk), reverse=True)
        return MeasureReviewSerializer(reviews, many=True, context=self.context).data

    def get_protected_name(self, measure) -> str:
        return reveal.text_or_mask(measure.protected_name, self.context.get("show_text", False))

    def get_details(self, measure) -> str:
        return reveal.text_or_mask(measure.details, self.context.get("show_text", False))


class MeasureInputSerializer(InputSerializer):
    measure_type = serializers.IntegerField(help_text="A protection measure type in force on the case's date")
    protects = serializers.ChoiceField(choices=vocab.ProtectedParty.choices)
    protected_description = serializers.CharField(required=False, allow_blank=True, max_length=200)
    protected_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    details = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    requested_by_agency = serializers.IntegerField()
    deciding_agency = serializers.IntegerField()
    deciding_official = serializers.CharField(max_length=200)
    decided_on = serializers.DateField()
    start_date = serializers.DateField()
    review_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)


class CaseProtectionMeasures(CaseScopedMixin, APIView):
    """GET: the case's protection measures. POST: record one decided."""

    serializer_class = MeasureSerializer

    @extend_schema(responses=MeasureSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.records_viewed(actor=request.actor, case=case, what="protection_measures", channel="api")
        context = {"show_text": _details_shown(request.actor, case)}
        rows = selectors.case_measures(case).prefetch_related("reviews")
        return Response(MeasureSerializer(rows, many=True, context=context).data)

    @extend_schema(request=MeasureInputSerializer, responses={201: MeasureSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_record_measure(request.actor, case):
            raise errors.Denied
        shape = MeasureInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        measure = services.measure_record(
            actor=request.actor,
            case=case,
            measure_type_id=data["measure_type"],
            protects=data["protects"],
            protected_description=data.get("protected_description", ""),
            protected_name=data.get("protected_name", ""),
            details=data.get("details", ""),
            requested_by_agency_id=data["requested_by_agency"],
            deciding_agency_id=data["deciding_agency"],
            deciding_official=data["deciding_official"],
            decided_on=data["decided_on"],
            start_date=data["start_date"],
            review_date=data.get("review_date"),
            end_date=data.get("end_date"),
        )
        return Response(MeasureSerializer(measure, context={"show_text": True}).data, status=status.HTTP_201_CREATED)


class MeasureReviewInputSerializer(InputSerializer):
    version = serializers.IntegerField(help_text="The measure version you saw")
    outcome = serializers.ChoiceField(choices=vocab.ReviewOutcome.values)
    note = serializers.CharField(max_length=10000, help_text="What the review found; for a change, what changes")
    reviewed_on = serializers.DateField(required=False, allow_null=True)
    next_review_date = serializers.DateField(required=False, allow_null=True)


class CaseProtectionMeasureReview(CaseScopedMixin, APIView):
    """Review a measure: it continues to the next review date (default: the rule's interval), or ends."""

    serializer_class = MeasureSerializer

    @extend_schema(request=MeasureReviewInputSerializer, responses=MeasureSerializer)
    def post(self, request, case_id, measure_id):
        case = self.get_case(case_id)
        measure = selectors.measure_for_actor(request.actor, case, measure_id)
        if not policy.can_record_measure(request.actor, case):
            raise errors.Denied
        shape = MeasureReviewInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        measure = services.measure_review(
            actor=request.actor,
            measure=measure,
            expected_version=data["version"],
            reviewed_on=data.get("reviewed_on"),
            outcome=data["outcome"],
            next_review_date=data.get("next_review_date"),
            note=data["note"],
        )
        context = {"show_text": _details_shown(request.actor, case)}
        return Response(MeasureSerializer(measure, context=context).data)


class MeasureRefusalInputSerializer(InputSerializer):
    version = serializers.IntegerField(help_text="The measure version you saw")
    refused_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    commitment = serializers.FileField(
        help_text="The written commitment signed by the person who refuses (PDF, image, Word)",
        error_messages={
            "required": gettext_lazy("Attach the signed commitment of the person who refuses the measure."),
            "empty": gettext_lazy("The file is empty."),
        },
    )


class CaseProtectionMeasureRefusal(CaseScopedMixin, APIView):
    """The protected person refuses the measure (multipart/form-data): recorded with the signed commitment,
    which is added to the case's documents under their limits, sealed at rest."""

    serializer_class = MeasureSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": MeasureRefusalInputSerializer}, responses=MeasureSerializer)
    def post(self, request, case_id, measure_id):
        case = self.get_case(case_id)
        measure = selectors.measure_for_actor(request.actor, case, measure_id)
        if not policy.can_record_measure(request.actor, case):
            raise errors.Denied
        shape = MeasureRefusalInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        measure = services.measure_refusal_record(
            actor=request.actor,
            measure=measure,
            expected_version=data["version"],
            refused_on=data["refused_on"],
            reason=data.get("reason", ""),
            uploaded_file=data["commitment"],
        )
        context = {"show_text": _details_shown(request.actor, case)}
        return Response(MeasureSerializer(measure, context=context).data)


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    case_number = serializers.CharField(source="case.number")
    description = serializers.SerializerMethodField(help_text="Masked for emergency access")
    raised_by_agency = serializers.IntegerField(source="raised_by_agency_id")
    raised_at = serializers.DateTimeField()
    acknowledge_by = serializers.DateTimeField()
    status = serializers.CharField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by_agency = serializers.IntegerField(source="acknowledged_by_agency_id", allow_null=True)
    action_taken = serializers.SerializerMethodField(help_text="Masked for emergency access")
    escalated_at = serializers.DateTimeField(allow_null=True)
    notified_agencies = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def _shown(self, alert):
        actor = self.context.get("actor")
        return actor is not None and policy.can_read_alert_text(actor, alert)

    def get_description(self, alert) -> str:
        return reveal.text_or_mask(alert.description, self._shown(alert))

    def get_action_taken(self, alert) -> str:
        return reveal.text_or_mask(alert.action_taken, self._shown(alert))

    def get_notified_agencies(self, alert) -> list[int]:
        return sorted(a.pk for a in alert.notified_agencies.all())


class AlertInputSerializer(InputSerializer):
    description = serializers.CharField(max_length=10000, help_text="What happened; never the person's name")


class CaseDangerAlerts(CaseScopedMixin, APIView):
    """GET: the case's danger alerts. POST: raise one (any participant): it reaches the police and border
    guard focal points of the province at once."""

    serializer_class = AlertSerializer

    @extend_schema(responses=AlertSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.records_viewed(actor=request.actor, case=case, what="danger_alerts", channel="api")
        rows = selectors.case_alerts(case).select_related("case")
        rows = rows.prefetch_related("notified_agencies", "escalated_agencies")
        return Response(AlertSerializer(rows, many=True, context={"actor": request.actor}).data)

    @extend_schema(request=AlertInputSerializer, responses={201: AlertSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_raise_alert(request.actor, case):
            raise errors.Denied
        shape = AlertInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        alert = services.alert_raise(actor=request.actor, case=case, description=shape.validated_data["description"])
        return Response(AlertSerializer(alert, context={"actor": request.actor}).data, status=status.HTTP_201_CREATED)


@case_data_view
class DangerAlertList(APIView):
    """Open danger alerts sent or escalated to the caller's agency."""

    permission_classes = [HasCaseRole]
    serializer_class = AlertSerializer

    @extend_schema(responses=AlertSerializer(many=True))
    def get(self, request):
        alerts = selectors.open_alerts_reaching(request.actor)
        rows = list(alerts.prefetch_related("notified_agencies", "escalated_agencies")[:200])
        if rows:
            services.records_viewed(actor=request.actor, case=None, what="danger_alerts", channel="api")
        return Response(AlertSerializer(rows, many=True, context={"actor": request.actor}).data)


@case_data_view
class DangerAlertDetail(APIView):
    """One alert, for the agencies it reached and those who may open its case."""

    permission_classes = [HasCaseRole]
    serializer_class = AlertSerializer

    @extend_schema(responses=AlertSerializer)
    def get(self, request, alert_id):
        alert = selectors.alert_for_actor(request.actor, alert_id)
        services.records_viewed(actor=request.actor, case=alert.case, what=f"danger_alert:{alert.pk}", channel="api")
        return Response(AlertSerializer(alert, context={"actor": request.actor}).data)


class AcknowledgeInputSerializer(InputSerializer):
    version = serializers.IntegerField(help_text="The alert version you saw")
    action_taken = serializers.CharField(max_length=10000, help_text="What was done or will be done")


@case_data_view
class DangerAlertAcknowledge(APIView):
    """Acknowledge an alert sent or escalated to the caller's agency; an acknowledged alert never escalates."""

    permission_classes = [HasCaseRole]
    serializer_class = AlertSerializer

    @extend_schema(request=AcknowledgeInputSerializer, responses=AlertSerializer)
    def post(self, request, alert_id):
        alert = selectors.alert_for_actor(request.actor, alert_id)
        if not policy.can_acknowledge_alert(request.actor, alert):
            raise errors.Denied
        shape = AcknowledgeInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        alert = services.alert_acknowledge(
            actor=request.actor, alert=alert, expected_version=data["version"], action_taken=data["action_taken"]
        )
        return Response(AlertSerializer(alert, context={"actor": request.actor}).data)
