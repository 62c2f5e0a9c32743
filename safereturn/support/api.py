"""Support API: entitlements of a case on a date, its ledger of services and payments (list, record,
approve cash support) and the supervisors' decisions, through the same policy, services and audit as the pages."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin
from safereturn.cases import reveal
from safereturn.core import errors
from safereturn.core.api import InputSerializer

from . import entitlements, selectors, services, vocab
from .models import MAX_AMOUNT_VND, MAX_QUANTITY


class CitationSerializer(serializers.Serializer):
    role = serializers.CharField(help_text="regime, item, cap (the stay cap rule, decision 38) or rate")
    text_vi = serializers.CharField()
    text_en = serializers.CharField()
    verified = serializers.BooleanField(help_text="False: the figure or citation is still to confirm")


class EntitlementSerializer(serializers.Serializer):
    item_code = serializers.CharField()
    regime_code = serializers.CharField()
    side = serializers.CharField(help_text="new: Law 53/2024 (cases received from 1 July 2025); old: Law 2011")
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    setting = serializers.CharField()
    cash = serializers.BooleanField()
    entitled = serializers.BooleanField()
    amount_per_unit = serializers.IntegerField(allow_null=True, help_text="VND")
    minimum = serializers.BooleanField(help_text="The amount is a floor ('at least')")
    rate_province_id = serializers.IntegerField(allow_null=True, help_text="Set when a provincial resolution applies")
    cap_units = serializers.IntegerField(allow_null=True)
    cap_unit = serializers.CharField(allow_blank=True)
    total_cap_amount = serializers.IntegerField(allow_null=True, help_text="VND")
    starts_on = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    given = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True)
    near_cap = serializers.BooleanField(help_text="Few units remain: a decision is needed to go on")
    why_vi = serializers.CharField()
    why_en = serializers.CharField()
    citations = CitationSerializer(many=True)
    verified = serializers.BooleanField()


class EntitlementsSerializer(serializers.Serializer):
    on = serializers.DateField()
    beneficiary = serializers.CharField()
    entitlements = EntitlementSerializer(many=True)


def _on(request):
    raw = request.query_params.get("on")
    if not raw:
        return None
    try:
        on = datetime.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({"on": [_("Enter a date as YYYY-MM-DD.")]}) from None
    if not datetime.date(2000, 1, 1) <= on <= datetime.date(2100, 12, 31):
        raise exceptions.ValidationError({"on": [_("Enter a date between 2000 and 2100.")]})
    return on


class CaseEntitlements(CaseScopedMixin, APIView):
    """What the person (and, with ``beneficiary=accompanying_child``, an accompanying child) is entitled to on
    a date: amount, cap, until when, what remains, and why, with citations."""

    serializer_class = EntitlementsSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="Default: today"),
            OpenApiParameter("beneficiary", OpenApiTypes.STR, enum=vocab.Beneficiary.values),
        ],
        responses=EntitlementsSerializer,
    )
    def get(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_view_support(request.actor, case):
            raise errors.Denied
        on = _on(request)
        beneficiary = request.query_params.get("beneficiary") or vocab.Beneficiary.PERSON
        if beneficiary not in vocab.Beneficiary.values:
            raise exceptions.ValidationError({"beneficiary": [_("Choose who received it.")]})
        services.support_viewed(actor=request.actor, case=case, what="entitlements", channel="api")
        answers = entitlements.for_case(case, on=on, beneficiary=beneficiary)
        payload = {
            "on": on or timezone.localdate(),
            "beneficiary": beneficiary,
            "entitlements": [e.as_dict() for e in answers],
        }
        return Response(EntitlementsSerializer(payload).data)


class SupportRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item_code = serializers.CharField()
    regime_code = serializers.CharField()
    beneficiary = serializers.CharField()
    provider_kind = serializers.CharField()
    provider_agency = serializers.IntegerField(source="provider_agency_id", allow_null=True)
    provider_name = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    quantity = serializers.IntegerField()
    unit_rate = serializers.IntegerField(allow_null=True)
    amount = serializers.IntegerField(allow_null=True)
    amount_in_words = serializers.CharField()
    funding_source = serializers.CharField()
    receipt = serializers.IntegerField(source="receipt_id", allow_null=True)
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    status = serializers.CharField()
    recording_agency = serializers.IntegerField(source="recording_agency_id")
    approved_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    outcome = serializers.SerializerMethodField()

    def get_outcome(self, entry) -> str:
        return reveal.text_or_mask(entry.outcome, self.context.get("show_text", False))


class SupportRecordInputSerializer(InputSerializer):
    item_code = serializers.CharField(max_length=40)
    beneficiary = serializers.ChoiceField(choices=vocab.Beneficiary.choices, required=False)
    provider_kind = serializers.ChoiceField(choices=vocab.ProviderKind.choices)
    provider_agency = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    provider_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    date_from = serializers.DateField()
    date_to = serializers.DateField(required=False, allow_null=True)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    unit_rate = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_AMOUNT_VND)
    funding_source = serializers.ChoiceField(choices=vocab.FundingSource.choices, required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    receipt = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1, help_text="A document of the case"
    )
    decision = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text="A supervisor's decision allowing a payment above the entitlement",
    )


class CaseSupportRecords(CaseScopedMixin, APIView):
    """GET: the case's services and payments. POST: record one (checked against the entitlement)."""

    serializer_class = SupportRecordSerializer

    @extend_schema(responses=SupportRecordSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_view_support(request.actor, case):
            raise errors.Denied
        services.support_viewed(actor=request.actor, case=case, what="support_ledger", channel="api")
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(
            SupportRecordSerializer(selectors.case_records(case), many=True, context={"show_text": show_text}).data
        )

    @extend_schema(request=SupportRecordInputSerializer, responses={201: SupportRecordSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_record_support(request.actor, case):
            raise errors.Denied
        shape = SupportRecordInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = dict(shape.validated_data)
        data["provider_agency_id"] = data.pop("provider_agency", None)
        data["receipt_id"] = data.pop("receipt", None)
        data["decision_id"] = data.pop("decision", None)
        entry = services.record_add(actor=request.actor, case=case, data=data)
        return Response(
            SupportRecordSerializer(entry, context={"show_text": True}).data, status=status.HTTP_201_CREATED
        )


class ApprovalInputSerializer(InputSerializer):
    approve = serializers.BooleanField()
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CaseSupportRecordApproval(CaseScopedMixin, APIView):
    """POST: a supervisor of the recording agency (not the recorder) approves or rejects cash support."""

    serializer_class = SupportRecordSerializer

    @extend_schema(request=ApprovalInputSerializer, responses=SupportRecordSerializer)
    def post(self, request, case_id, record_id):
        case = self.get_case(case_id)
        entry = selectors.record_for_case(case, record_id)
        if entry is None:
            raise errors.NotFound
        shape = ApprovalInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        entry = services.record_decide(
            actor=request.actor,
            entry=entry,
            approve=shape.validated_data["approve"],
            version=shape.validated_data["version"],
        )
        return Response(SupportRecordSerializer(entry, context={"show_text": False}).data)


class SupportDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    item_code = serializers.CharField()
    extra_units = serializers.IntegerField()
    number = serializers.CharField(help_text="Number and symbol, as on the signed decision (số, ký hiệu)")
    decided_on = serializers.DateField(help_text="The date the decision was signed")
    signer_name = serializers.CharField()
    signer_title = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    reason = serializers.SerializerMethodField()

    def get_reason(self, decision) -> str:
        return reveal.text_or_mask(decision.reason, self.context.get("show_text", False))


class SupportDecisionInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=vocab.DecisionKind.choices)
    item_code = serializers.CharField(max_length=40)
    extra_units = serializers.IntegerField(required=False, min_value=0, max_value=MAX_QUANTITY)
    number = serializers.CharField(
        max_length=50, help_text="Number and symbol as written on the decision, e.g. 15/QĐ-UBND"
    )
    decided_on = serializers.DateField(help_text="The date the decision was signed")
    signer_name = serializers.CharField(max_length=120)
    signer_title = serializers.CharField(max_length=120)
    reason = serializers.CharField(max_length=4000)


class CaseSupportDecisions(CaseScopedMixin, APIView):
    """GET: the supervisors' support decisions of the case. POST: record one (a supervisor)."""

    serializer_class = SupportDecisionSerializer

    @extend_schema(responses=SupportDecisionSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_view_support(request.actor, case):
            raise errors.Denied
        services.support_viewed(actor=request.actor, case=case, what="support_decisions", channel="api")
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(
            SupportDecisionSerializer(selectors.case_decisions(case), many=True, context={"show_text": show_text}).data
        )

    @extend_schema(request=SupportDecisionInputSerializer, responses={201: SupportDecisionSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_decide_support(request.actor, case):
            raise errors.Denied
        shape = SupportDecisionInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        decision = services.decision_record(
            actor=request.actor,
            case=case,
            kind=data["kind"],
            item_code=data["item_code"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            number=data["number"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            extra_units=data.get("extra_units") or 0,
        )
        return Response(
            SupportDecisionSerializer(decision, context={"show_text": True}).data, status=status.HTTP_201_CREATED
        )
