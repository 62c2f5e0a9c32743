"""The API root: each bounded context registers its endpoints here."""

from django.urls import path

from safereturn.directory.api import AgencyListView, MeView

app_name = "api"

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("agencies/", AgencyListView.as_view(), name="agencies"),
]
