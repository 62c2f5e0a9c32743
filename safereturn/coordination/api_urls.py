"""API endpoints of coordination: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

from django.urls import path

from . import api

urlpatterns = [
    path("directory/agencies/", api.DirectoryAgencies.as_view(), name="directory-agencies"),
    path("directory/who-to-call/", api.WhoToCall.as_view(), name="who-to-call"),
    path("meetings/", api.Meetings.as_view(), name="meetings"),
    path("meetings/<uuid:meeting_id>/", api.MeetingDetail.as_view(), name="meeting"),
    path("meetings/<uuid:meeting_id>/action-items/", api.MeetingActionItems.as_view(), name="meeting-action-items"),
    path(
        "meetings/<uuid:meeting_id>/action-items/<int:item_id>/status/",
        api.MeetingActionItemStatus.as_view(),
        name="meeting-action-item-status",
    ),
]
