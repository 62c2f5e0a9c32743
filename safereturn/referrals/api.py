"""Referrals in the API: the same policy, services, validation and audit as the pages. A recipient reads
a referral (and the sections it opens) only while it is active; a case's referrals are read through the
case, by whoever may open it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin, HasCaseRole
from safereturn.core import errors
from safereturn.core.api import InputSerializer

from . import selectors, services, vocab


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    case_number = serializers.CharField(source="case.number")
    kind = serializers.CharField()
    status = serializers.CharField()
    sending_agency = serializers.IntegerField(source="sending_agency_id")
    recipient_agency = serializers.IntegerField(source="recipient_agency_id")
    sections = serializers.ListField(child=serializers.CharField(), source="section_codes")
    wish = serializers.CharField()
    wish_followed = serializers.BooleanField()
    wish_not_followed = serializers.CharField()
    basis = serializers.CharField()
    sharing_exception = serializers.IntegerField(source="sharing_exception_id", allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    decline_reason = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class SectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class ReferralDetailSerializer(ReferralSerializer):
    shared = serializers.SerializerMethodField(
        help_text="For the recipient agency, while the referral is sent or accepted: the sections it reads, "
        "each as [label, value] rows (no identity, no free text). Empty for everyone else."
    )

    def get_shared(self, obj) -> list[dict]:
        return [
            {"code": code, "title": str(title), "rows": [[str(a), str(b)] for a, b in rows]}
            for code, title, rows in self.context.get("sections", [])
        ]


class ReferralInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=vocab.ReferralKind.choices)
    recipient_agency = serializers.IntegerField()
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.Section.choices), min_length=1, max_length=len(vocab.Section)
    )
    wish = serializers.ChoiceField(choices=vocab.Wish.choices)
    wish_followed = serializers.BooleanField(default=True)
    wish_not_followed = serializers.ChoiceField(choices=vocab.WishNotFollowed.choices, required=False, allow_blank=True)
    legal_exception = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A legal exception in force (rules), when no consent covers the recipient",
    )


class ReferralTransitionInputSerializer(InputSerializer):
    action = serializers.ChoiceField(choices=vocab.Action.choices)
    version = serializers.IntegerField()
    decline_reason = serializers.ChoiceField(choices=vocab.DeclineReason.choices, required=False, allow_blank=True)
    decline_note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReferralListsSerializer(serializers.Serializer):
    received = ReferralSerializer(many=True, help_text="Sent or accepted referrals your agency receives now")
    sent = ReferralSerializer(many=True, help_text="Referrals your agency sent, on cases it may still open")


class ReferralLists(APIView):
    """The referrals your agency receives now, and those it sent."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(operation_id="referrals_lists", responses={200: ReferralListsSerializer})
    def get(self, request):
        received, sent = list(selectors.inbox(request.actor)), list(selectors.outbox(request.actor))
        services.referrals_listed(actor=request.actor, count=len(received) + len(sent), channel="api")
        return Response(
            {
                "received": ReferralSerializer(received, many=True).data,
                "sent": ReferralSerializer(sent, many=True).data,
            }
        )


class CaseReferrals(CaseScopedMixin, APIView):
    """GET: the case's referrals. POST: a draft referral (send it with a transition)."""

    serializer_class = ReferralSerializer

    @extend_schema(responses=ReferralSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        rows = list(selectors.case_referrals(case).select_related("case"))
        services.referrals_listed(actor=request.actor, count=len(rows), channel="api")
        return Response(ReferralSerializer(rows, many=True).data)

    @extend_schema(request=ReferralInputSerializer, responses={201: ReferralSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_refer(request.actor, case):
            raise errors.Denied
        shape = ReferralInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        referral = services.referral_draft(
            actor=request.actor,
            case=case,
            kind=data["kind"],
            recipient_agency_id=data["recipient_agency"],
            sections=data["sections"],
            wish=data["wish"],
            wish_followed=data["wish_followed"],
            wish_not_followed=data.get("wish_not_followed", ""),
            legal_exception=data.get("legal_exception"),
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetail(APIView):
    """One referral: to whoever may open its case, and to its recipient while it is active (with the
    sections shared)."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(responses={200: ReferralDetailSerializer})
    def get(self, request, referral_id):
        referral = policy.referral_for_actor(request.actor, referral_id)
        sections = selectors.section_rows(request.actor, referral)
        services.referral_viewed(
            actor=request.actor, referral=referral, sections=[code for code, _t, _r in sections], channel="api"
        )
        return Response(ReferralDetailSerializer(referral, context={"sections": sections}).data)


class ReferralTransition(APIView):
    """A step: send or revoke (the sender), accept, decline with a reason, or complete (the recipient).
    409 when someone acted first or the step does not apply to the referral's state."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(request=ReferralTransitionInputSerializer, responses={200: ReferralSerializer})
    def post(self, request, referral_id):
        referral = policy.referral_for_actor(request.actor, referral_id)
        shape = ReferralTransitionInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        services.referral_act(
            actor=request.actor,
            referral=referral,
            action=data["action"],
            expected_version=data["version"],
            decline_reason=data.get("decline_reason", ""),
            decline_note=data.get("decline_note", ""),
        )
        return Response(ReferralSerializer(referral).data)
