from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/agencies/<int:agency_id>/", views.agency, name="agency"),
    path("directory/who-to-call/", views.who_to_call, name="who_to_call"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<uuid:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:meeting_id>/items/new/", views.item_add, name="item_add"),
    path("meetings/<uuid:meeting_id>/items/<int:item_id>/status/", views.item_status, name="item_status"),
]
