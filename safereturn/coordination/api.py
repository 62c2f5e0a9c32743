"""Coordination API: the same policy, services, validation and audit as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import HasCaseRole
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view, not_case_data
from safereturn.core.api import InputSerializer

from . import selectors, services, vocab

# ---- the directory ---------------------------------------------------------------------------------


class FocalPointOut(serializers.Serializer):
    full_name = serializers.CharField()
    title = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class DirectoryAgencyOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    agency_type = serializers.CharField(source="agency_type.code")
    jurisdiction_level = serializers.CharField()
    province = serializers.IntegerField(source="province_id", allow_null=True)
    commune = serializers.IntegerField(source="commune_id", allow_null=True)
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    opening_hours = serializers.CharField()
    focal_points = FocalPointOut(many=True, source="focal_points.all")
    services = serializers.SerializerMethodField()

    def get_services(self, agency) -> list[str]:
        return [s.service_type for s in agency.services.all()]


class WhoToCallOut(serializers.Serializer):
    section = serializers.CharField()
    heading = serializers.CharField()
    agencies = DirectoryAgencyOut(many=True)


class _DirectoryView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def actor(self, request):
        actor = policy.actor_for_request(request)
        if not policy.reads_directory(actor):
            raise errors.Denied
        return actor


@not_case_data
class DirectoryAgencies(_DirectoryView):
    """Agencies with focal points, services and opening hours (``?q=`` without accents, ``province``,
    ``commune``, ``type``): no case data, every officer reads it."""

    @extend_schema(responses=DirectoryAgencyOut(many=True))
    def get(self, request):
        self.actor(request)
        province = selectors.province_or_none(request.query_params.get("province"))
        commune = selectors.commune_or_none(request.query_params.get("commune"), province)
        found = selectors.search_agencies(
            q=request.query_params.get("q", "")[:100],
            province=province,
            commune=commune,
            agency_type=request.query_params.get("type", "")[:50],
        )[:200]
        return Response(DirectoryAgencyOut(found, many=True).data)


@not_case_data
class WhoToCall(_DirectoryView):
    """``?province=`` (and ``commune=``): whom to call there, by section, focal points first."""

    @extend_schema(responses=WhoToCallOut(many=True))
    def get(self, request):
        actor = self.actor(request)
        province = selectors.province_or_none(request.query_params.get("province")) or actor.agency.province
        commune = selectors.commune_or_none(request.query_params.get("commune"), province)
        if province is None:
            return Response([])
        sections = selectors.who_to_call(province=province, commune=commune)
        rows = [{"section": key, "heading": str(heading), "agencies": rows} for key, heading, rows in sections]
        return Response(WhoToCallOut(rows, many=True).data)


# ---- meetings --------------------------------------------------------------------------------------


class ActionItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner_agency = serializers.IntegerField(source="owner_agency_id")
    owner_officer = serializers.IntegerField(source="owner_officer_id", allow_null=True)
    due_date = serializers.DateField()
    status = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class MeetingOut(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    held_on = serializers.DateField()
    province = serializers.IntegerField(source="province_id")
    place = serializers.CharField()
    purpose = serializers.CharField()
    organiser = serializers.IntegerField(source="organiser_id")
    agencies = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_agencies(self, meeting) -> list[int]:
        return sorted(a.pk for a in meeting.agencies.all())


class MeetingDetailOut(MeetingOut):
    minutes = serializers.CharField()
    decisions = serializers.CharField()
    cases = serializers.SerializerMethodField(help_text="Only the cases you may open")
    action_items = serializers.SerializerMethodField()

    def get_cases(self, meeting) -> list[str]:
        return [c.number for c in services.linked_cases(self.context["actor"], meeting)]

    def get_action_items(self, meeting) -> list[dict]:
        return ActionItemOut(selectors.action_items(meeting), many=True).data


class MeetingInput(InputSerializer):
    kind = serializers.ChoiceField(choices=vocab.MeetingKind.choices)
    held_on = serializers.DateField()
    province = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    purpose = serializers.CharField(max_length=300)
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    decisions = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    agencies = serializers.ListField(child=serializers.IntegerField(), help_text="Other agencies taking part")
    case_numbers = serializers.ListField(child=serializers.CharField(max_length=32), required=False)


class MeetingPatch(MeetingInput):
    version = serializers.IntegerField()


class ActionItemInput(InputSerializer):
    description = serializers.CharField(max_length=2000)
    owner_agency = serializers.IntegerField()
    owner_officer = serializers.IntegerField(required=False, allow_null=True)
    due_date = serializers.DateField()


class ItemStatusInput(InputSerializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=vocab.ItemStatus.choices)


def _valid(serializer_class, data):
    shape = serializer_class(data=data)
    shape.is_valid(raise_exception=True)
    return shape.validated_data


def _meeting_data(data):
    return services.MeetingData(
        kind=data["kind"],
        held_on=data["held_on"],
        purpose=data["purpose"],
        province_id=data.get("province"),
        place=data.get("place", ""),
        minutes=data.get("minutes", ""),
        decisions=data.get("decisions", ""),
        agency_ids=data["agencies"],
        case_numbers=data.get("case_numbers", []),
    )


@case_data_view
class Meetings(APIView):
    """Meetings you may see (those of your agency; a provincial supervisor: the province's)."""

    permission_classes = [HasCaseRole]

    @extend_schema(responses=MeetingOut(many=True))
    def get(self, request):
        meetings = selectors.meeting_list(request.actor, q=request.query_params.get("q", "")[:100])[:200]
        return Response(MeetingOut(meetings, many=True).data)

    @extend_schema(request=MeetingInput, responses={201: MeetingDetailOut})
    def post(self, request):
        data = _valid(MeetingInput, request.data)
        meeting = services.meeting_record(actor=request.actor, data=_meeting_data(data))
        return Response(
            MeetingDetailOut(meeting, context={"actor": request.actor}).data, status=status.HTTP_201_CREATED
        )


@case_data_view
class MeetingDetail(APIView):
    permission_classes = [HasCaseRole]

    @extend_schema(responses=MeetingDetailOut)
    def get(self, request, meeting_id):
        meeting = policy.meeting_for_actor(request.actor, meeting_id)
        services.meeting_viewed(request.actor, meeting, via="api")
        return Response(MeetingDetailOut(meeting, context={"actor": request.actor}).data)

    @extend_schema(request=MeetingPatch, responses=MeetingDetailOut)
    def patch(self, request, meeting_id):
        meeting = policy.meeting_for_actor(request.actor, meeting_id)
        if not policy.can_edit_meeting(request.actor, meeting):
            raise errors.Denied
        data = _valid(MeetingPatch, request.data)
        meeting = services.meeting_update(
            actor=request.actor, meeting=meeting, data=_meeting_data(data), expected_version=data["version"]
        )
        return Response(MeetingDetailOut(meeting, context={"actor": request.actor}).data)


@case_data_view
class MeetingActionItems(APIView):
    permission_classes = [HasCaseRole]

    @extend_schema(request=ActionItemInput, responses={201: ActionItemOut})
    def post(self, request, meeting_id):
        meeting = policy.meeting_for_actor(request.actor, meeting_id)
        if not policy.can_edit_meeting(request.actor, meeting):
            raise errors.Denied
        data = _valid(ActionItemInput, request.data)
        item = services.action_item_add(
            actor=request.actor,
            meeting=meeting,
            description=data["description"],
            owner_agency_id=data["owner_agency"],
            owner_officer_id=data.get("owner_officer"),
            due_date=data["due_date"],
        )
        return Response(ActionItemOut(item).data, status=status.HTTP_201_CREATED)


@case_data_view
class MeetingActionItemStatus(APIView):
    permission_classes = [HasCaseRole]

    @extend_schema(request=ItemStatusInput, responses=ActionItemOut)
    def post(self, request, meeting_id, item_id):
        meeting = policy.meeting_for_actor(request.actor, meeting_id)
        item = services.item_for_meeting(meeting, item_id)
        if not policy.can_work_action_item(request.actor, item):
            raise errors.Denied
        data = _valid(ItemStatusInput, request.data)
        item = services.action_item_set_status(
            actor=request.actor, item=item, status=data["status"], expected_version=data["version"]
        )
        return Response(ActionItemOut(item).data)
