"""Requests to confirm a possible earlier record, in the API: the same services and audit as the page."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access.api import HasCaseRole
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core.api import InputSerializer

from . import services
from .models import MatchRequest


class MatchRequestSerializer(serializers.Serializer):
    """A request as the holding agency sees it (``with_records``: both records, for comparing)."""

    id = serializers.IntegerField()
    case_number = serializers.CharField(source="case.number")
    asking_agency = serializers.CharField(source="asking_agency.name")
    status = serializers.CharField()
    score = serializers.IntegerField()
    due_date = serializers.DateField()
    version = serializers.IntegerField()
    records = serializers.SerializerMethodField()

    def get_records(self, match) -> dict | None:
        if not self.context.get("with_records"):
            return None

        def person(p):
            return {"full_name": p.full_name, "birth_year": p.birth_year, "sex": p.sex}

        return {"new": person(match.case.person), "held": person(match.candidate)}


class MatchAnswerSerializer(InputSerializer):
    same_person = serializers.BooleanField()
    version = serializers.IntegerField()


def _request_for(actor, request_id):
    match = MatchRequest.objects.select_related("case__person", "candidate", "asking_agency").filter(pk=request_id)
    match = match.first()
    if match is None or not services.may_answer(actor, match):
        raise Http404
    return match


class MatchRequestList(APIView):
    """The requests your agency is to answer."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(responses={200: MatchRequestSerializer(many=True)})
    def get(self, request):
        return Response(MatchRequestSerializer(services.pending_for(request.actor), many=True).data)


class MatchRequestDetail(APIView):
    """One request with both records (viewing them is audited)."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(responses={200: MatchRequestSerializer})
    def get(self, request, request_id):
        match = _request_for(request.actor, request_id)
        record(request.actor, AuditAction.VIEW, object_type="match_request", object_id=match.pk, details={"via": "api"})
        return Response(MatchRequestSerializer(match, context={"with_records": True}).data)


class MatchRequestAnswer(APIView):
    """Answer: the same person (the new case joins your record) or not."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    @extend_schema(request=MatchAnswerSerializer, responses={200: MatchRequestSerializer})
    def post(self, request, request_id):
        match = _request_for(request.actor, request_id)
        shape = MatchAnswerSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        match = services.match_request_answer(
            actor=request.actor,
            request=match,
            same_person=shape.validated_data["same_person"],
            expected_version=shape.validated_data["version"],
        )
        return Response(MatchRequestSerializer(match).data)
