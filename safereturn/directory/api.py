from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.core.access_marks import not_case_data

from .models import Agency
from .selectors import memberships_for_user


class AgencySerializer(serializers.ModelSerializer):
    agency_type = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "agency_type", "jurisdiction_level", "province", "commune", "parent"]


class MembershipSerializer(serializers.Serializer):
    agency = AgencySerializer()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    memberships = MembershipSerializer(many=True)


@not_case_data
class MeView(APIView):
    """The signed-in officer and the agencies and roles they hold."""

    serializer_class = MeSerializer

    def get(self, request):
        data = {
            "username": request.user.username,
            "full_name": request.user.full_name,
            "memberships": list(memberships_for_user(request.user)),
        }
        return Response(MeSerializer(data).data)


@not_case_data
class AgencyListView(generics.ListAPIView):
    """The agency directory (no case data)."""

    serializer_class = AgencySerializer
    queryset = Agency.objects.filter(is_active=True).select_related("agency_type").order_by("name")
    filterset_fields = ["jurisdiction_level", "province", "commune", "agency_type__code"]
