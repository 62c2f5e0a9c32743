"""Shelters API: the same policy, services, validation and audit as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin, HasCaseRole
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases import reveal
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view
from safereturn.core.api import InputSerializer

from . import selectors, services, vocab


class GroupSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=vocab.PlaceGroup.choices)
    places = serializers.IntegerField(allow_null=True)
    current = serializers.IntegerField(help_text="People staying now in this group")
    free = serializers.IntegerField(allow_null=True, help_text="Places less people staying (negative: over capacity)")


class FacilitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="facility.pk")
    name = serializers.CharField(source="facility.name")
    province = serializers.IntegerField(source="facility.province_id", allow_null=True)
    places = serializers.IntegerField()
    current = serializers.IntegerField()
    groups = GroupSerializer(many=True)


class ExtensionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    previous_end = serializers.DateField()
    new_end = serializers.DateField()
    decision_number = serializers.CharField()
    decided_on = serializers.DateField()
    reason = serializers.SerializerMethodField()

    def get_reason(self, extension) -> str:
        return reveal.text_or_mask(extension.reason, self.context.get("show_text", False))


class StaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    facility = serializers.IntegerField(source="facility_id")
    facility_name = serializers.CharField(source="facility.name")
    group = serializers.ChoiceField(choices=vocab.PlaceGroup.choices)
    admitted_on = serializers.DateField()
    allowed_until = serializers.DateField(help_text="Last day of support allowed (the cap, or an extension)")
    discharged_on = serializers.DateField(allow_null=True)
    discharge_reason = serializers.CharField()
    destination = serializers.SerializerMethodField(help_text="Encrypted; shown only after a reveal")
    transferred_from = serializers.IntegerField(source="transferred_from_id", allow_null=True)
    over_capacity_decision = serializers.IntegerField(source="over_capacity_decision_id", allow_null=True)
    cap_citation = serializers.SerializerMethodField()
    days = serializers.SerializerMethodField(help_text="Days of support this stay used")
    version = serializers.IntegerField()
    extensions = ExtensionSerializer(many=True, source="extensions.all")

    def get_destination(self, stay) -> str:
        return reveal.text_or_mask(stay.destination, self.context.get("show_text", False))

    def get_cap_citation(self, stay) -> str:
        return stay.cap_rule.citation

    def get_days(self, stay) -> int:
        return services.stay_days(stay)


class StayListSerializer(serializers.Serializer):
    days_used = serializers.IntegerField(help_text="Days of support the case's stays used")
    cap_days = serializers.IntegerField(allow_null=True)
    stays = StaySerializer(many=True)


class AdmitInput(InputSerializer):
    group = serializers.ChoiceField(choices=vocab.PlaceGroup.choices)
    admitted_on = serializers.DateField()
    over_capacity_decision = serializers.IntegerField(required=False, allow_null=True)


class DischargeInput(InputSerializer):
    version = serializers.IntegerField()
    discharged_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=vocab.DISCHARGE_CHOICES)
    destination = serializers.CharField(required=False, allow_blank=True, max_length=500)


class TransferInput(InputSerializer):
    version = serializers.IntegerField()
    to_facility = serializers.IntegerField()
    group = serializers.ChoiceField(choices=vocab.PlaceGroup.choices)
    transferred_on = serializers.DateField()
    over_capacity_decision = serializers.IntegerField(required=False, allow_null=True)


class ExtendInput(InputSerializer):
    version = serializers.IntegerField()
    new_end = serializers.DateField()
    decision_number = serializers.CharField(max_length=50)
    decided_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class OverCapacityInput(InputSerializer):
    group = serializers.ChoiceField(choices=vocab.PlaceGroup.choices)
    reason = serializers.CharField(max_length=2000)


class OverCapacityOutput(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    facility = serializers.IntegerField(source="facility_id")
    group = serializers.CharField()
    decided_at = serializers.DateTimeField()


def _viewed(actor, case, what):
    record(actor, AuditAction.VIEW, object_type="case", object_id=case.pk, details={"via": "api", "what": what})


def _valid(serializer_class, data):
    shape = serializer_class(data=data)
    shape.is_valid(raise_exception=True)
    return shape.validated_data


@case_data_view
class FacilityList(APIView):
    """Facilities whose occupancy the officer may see, with places and current residents by group."""

    permission_classes = [HasCaseRole]

    @extend_schema(responses=FacilitySerializer(many=True))
    def get(self, request):
        rows = selectors.occupancy(selectors.facilities_for(request.actor))
        return Response(FacilitySerializer(rows, many=True).data)


class CaseStays(CaseScopedMixin, APIView):
    serializer_class = StaySerializer

    @extend_schema(responses=StayListSerializer)
    def get(self, request, case_id):
        case = self.get_case(case_id)
        _viewed(request.actor, case, "shelter_stays")
        stays = selectors.case_stays(case)
        summary = selectors.cap_summary(case, stays) if stays else {"days_used": 0, "cap_days": None}
        context = {"show_text": reveal.shown_in_api(request.actor, case)}
        return Response(
            {
                "days_used": summary["days_used"],
                "cap_days": summary["cap_days"],
                "stays": StaySerializer(stays, many=True, context=context).data,
            }
        )

    @extend_schema(request=AdmitInput, responses={201: StaySerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_admit(request.actor, case, request.actor.agency.pk):
            raise errors.Denied
        data = _valid(AdmitInput, request.data)
        stay = services.stay_admit(
            actor=request.actor,
            case=case,
            group=data["group"],
            admitted_on=data["admitted_on"],
            over_capacity_decision_id=data.get("over_capacity_decision"),
        )
        return Response(StaySerializer(stay).data, status=status.HTTP_201_CREATED)


class _StayAction(CaseScopedMixin, APIView):
    serializer_class = StaySerializer
    allowed = None

    def stay(self, case_id, stay_id):
        case = self.get_case(case_id)
        stay = services.stay_for_case(case, stay_id)
        if not type(self).allowed(self.request.actor, case, stay):
            raise errors.Denied
        return case, stay


class CaseStayDischarge(_StayAction):
    allowed = staticmethod(policy.can_change_stay)

    @extend_schema(request=DischargeInput, responses=StaySerializer)
    def post(self, request, case_id, stay_id):
        case, stay = self.stay(case_id, stay_id)
        data = _valid(DischargeInput, request.data)
        stay = services.stay_discharge(
            actor=request.actor,
            case=case,
            stay=stay,
            discharged_on=data["discharged_on"],
            reason=data["reason"],
            destination=data.get("destination", ""),
            expected_version=data["version"],
        )
        return Response(StaySerializer(stay, context={"show_text": True}).data)


class CaseStayTransfer(_StayAction):
    allowed = staticmethod(policy.can_change_stay)

    @extend_schema(request=TransferInput, responses={201: StaySerializer})
    def post(self, request, case_id, stay_id):
        case, stay = self.stay(case_id, stay_id)
        data = _valid(TransferInput, request.data)
        new_stay = services.stay_transfer(
            actor=request.actor,
            case=case,
            stay=stay,
            to_facility_id=data["to_facility"],
            transferred_on=data["transferred_on"],
            group=data["group"],
            expected_version=data["version"],
            over_capacity_decision_id=data.get("over_capacity_decision"),
        )
        return Response(StaySerializer(new_stay).data, status=status.HTTP_201_CREATED)


class CaseStayExtend(_StayAction):
    allowed = staticmethod(policy.can_extend_stay)

    @extend_schema(request=ExtendInput, responses=StaySerializer)
    def post(self, request, case_id, stay_id):
        case, stay = self.stay(case_id, stay_id)
        data = _valid(ExtendInput, request.data)
        services.stay_extend(
            actor=request.actor,
            case=case,
            stay=stay,
            new_end=data["new_end"],
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        stay.refresh_from_db()
        return Response(StaySerializer(stay, context={"show_text": True}).data)


class CaseOverCapacityDecisions(CaseScopedMixin, APIView):
    serializer_class = OverCapacityOutput

    @extend_schema(request=OverCapacityInput, responses={201: OverCapacityOutput})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_allow_over_capacity(request.actor, case, request.actor.agency.pk):
            raise errors.Denied
        data = _valid(OverCapacityInput, request.data)
        decision = services.over_capacity_allow(
            actor=request.actor, case=case, group=data["group"], reason=data["reason"]
        )
        return Response(OverCapacityOutput(decision).data, status=status.HTTP_201_CREATED)
