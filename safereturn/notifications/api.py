"""The caller's own notifications over the API: list (``?unread=true``), mark one or all read, count."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.core.access_marks import not_case_data

from . import selectors, services
from .models import Notification


class NotificationSerializer(serializers.Serializer):
    """A notification, its message drawn in the caller's language (no identity data)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    message = serializers.SerializerMethodField()
    link = serializers.CharField(help_text="A path inside the site, or empty")
    created_at = serializers.DateTimeField()
    read = serializers.SerializerMethodField()

    def get_message(self, notification) -> str:
        return selectors.message_of(notification)

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(method="filter_unread", label="true: unread only; false: read only")

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)


ReadAllSerializer = inline_serializer("NotificationsReadAll", {"marked": serializers.IntegerField()})
UnreadCountSerializer = inline_serializer("NotificationsUnreadCount", {"unread": serializers.IntegerField()})


@not_case_data
class NotificationList(generics.ListAPIView):
    """Your notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller
            return Notification.objects.none()
        return selectors.inbox(self.request.user)


@not_case_data
class NotificationRead(APIView):
    """Mark one of your notifications read."""

    serializer_class = NotificationSerializer

    @extend_schema(
        request=None,
        responses={200: NotificationSerializer, 404: OpenApiResponse(description="No such notification of yours")},
    )
    def post(self, request, notification_id):
        notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
        return Response(NotificationSerializer(notification).data)


@not_case_data
class NotificationsReadAll(APIView):
    """Mark all your notifications read."""

    @extend_schema(request=None, responses=ReadAllSerializer)
    def post(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


@not_case_data
class NotificationsUnreadCount(APIView):
    """How many of your notifications are unread."""

    @extend_schema(responses=UnreadCountSerializer)
    def get(self, request):
        return Response({"unread": selectors.unread_count(request.user)})
