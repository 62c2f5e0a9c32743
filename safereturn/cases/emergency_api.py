"""Emergency access in the API (truy cập khẩn cấp): the same policy, services and audit as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import HasCaseRole
from safereturn.access.vocab import EmergencyCategory, ReviewOutcome
from safereturn.core.api import InputSerializer

from . import emergency, services
from .api import CaseSerializer
from .models import Case


class EmergencyAccessSerializer(serializers.Serializer):
    """An emergency access or request; the justification only to those who may read it."""

    id = serializers.IntegerField()
    case_number = serializers.CharField(source="case.number")
    case_id = serializers.UUIDField()
    officer = serializers.CharField(source="user.username")
    agency = serializers.CharField(source="agency.name")
    category = serializers.ChoiceField(choices=EmergencyCategory.choices)
    status = serializers.CharField()
    status_label = serializers.SerializerMethodField()
    request_reason = serializers.CharField()
    requested_at = serializers.DateTimeField()
    granted_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    review_due = serializers.DateField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_outcome = serializers.CharField()
    justification = serializers.SerializerMethodField()

    def get_status_label(self, grant) -> str:
        return emergency.state_label(grant)

    def get_justification(self, grant) -> str | None:
        actor = self.context.get("actor")
        return grant.justification if actor is not None and emergency.shows_justification(actor, grant) else None


class EmergencyAccessListSerializer(serializers.Serializer):
    own = EmergencyAccessSerializer(many=True)
    to_handle = EmergencyAccessSerializer(many=True)


class BreakGlassSerializer(InputSerializer):
    case_number = serializers.CharField(max_length=32)
    category = serializers.ChoiceField(choices=EmergencyCategory.choices)
    justification = serializers.CharField(max_length=1000)


class BreakGlass(APIView):
    """Ask for emergency access to a case outside your scope. Within the bounds of the rule in force it
    opens at once, read-only (201, the case); otherwise it is a request a supervisor approves (202)."""

    permission_classes = [HasCaseRole]
    serializer_class = CaseSerializer
    access_policy = "case_data"

    @extend_schema(
        request=BreakGlassSerializer,
        responses={201: CaseSerializer, 202: EmergencyAccessSerializer, 400: OpenApiResponse(description="Bad input")},
    )
    def post(self, request):
        serializer = BreakGlassSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case_id = Case.objects.filter(number=data["case_number"].strip()).values_list("pk", flat=True).first()
        if case_id is None:
            raise exceptions.ValidationError({"case_number": [_("No case has this number. Check it and try again.")]})
        grant = services.emergency_access_ask(
            actor=request.actor, case_id=case_id, category=data["category"], justification=data["justification"]
        )
        if grant.is_live:
            return Response(CaseSerializer(policy.case_for_actor(request.actor, case_id)).data, status=201)
        return Response(EmergencyAccessSerializer(grant, context={"actor": request.actor}).data, status=202)


class EmergencyAccessList(APIView):
    """Your emergency accesses and requests; for a supervisor, also those waiting for a decision or review."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(operation_id="emergency_access_list", responses={200: EmergencyAccessListSerializer})
    def get(self, request):
        own, to_handle = emergency.own_and_to_handle(request.actor)
        context = {"actor": request.actor}
        return Response(
            {
                "own": EmergencyAccessSerializer(own, many=True, context=context).data,
                "to_handle": EmergencyAccessSerializer(to_handle, many=True, context=context).data,
            }
        )


class EmergencyAccessDetail(APIView):
    """One emergency access: for the officer, the supervisors who decide and review, and the auditors."""

    permission_classes = [permissions.IsAuthenticated]
    access_policy = "case_data"

    @extend_schema(responses={200: EmergencyAccessSerializer})
    def get(self, request, grant_id):
        actor = policy.actor_for_request(request)
        grant = emergency.grant_for_actor(actor, grant_id)
        return Response(EmergencyAccessSerializer(grant, context={"actor": actor}).data)


class EmergencyDecisionSerializer(InputSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class EmergencyReviewSerializer(InputSerializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class EmergencyAccessDecision(APIView):
    """A supervisor approves or refuses a request for emergency access."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(request=EmergencyDecisionSerializer, responses={200: EmergencyAccessSerializer})
    def post(self, request, grant_id):
        serializer = EmergencyDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grant = services.emergency_access_decide(actor=request.actor, grant_id=grant_id, **serializer.validated_data)
        return Response(EmergencyAccessSerializer(grant, context={"actor": request.actor}).data)


class EmergencyAccessReview(APIView):
    """A supervisor reviews an emergency access that was used."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(request=EmergencyReviewSerializer, responses={200: EmergencyAccessSerializer})
    def post(self, request, grant_id):
        serializer = EmergencyReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grant = services.emergency_access_review(actor=request.actor, grant_id=grant_id, **serializer.validated_data)
        return Response(EmergencyAccessSerializer(grant, context={"actor": request.actor}).data)
