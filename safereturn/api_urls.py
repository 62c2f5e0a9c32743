"""The API root: each bounded context registers its endpoints here."""

from django.urls import path

from safereturn.cases import api as cases_api
from safereturn.directory.api import AgencyListView, MeView

app_name = "api"

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("agencies/", AgencyListView.as_view(), name="agencies"),
    path("cases/", cases_api.CaseListCreate.as_view(), name="cases"),
    path("cases/<uuid:case_id>/", cases_api.CaseDetail.as_view(), name="case"),
    path("cases/<uuid:case_id>/reveal/", cases_api.CaseReveal.as_view(), name="case-reveal"),
    path("cases/<uuid:case_id>/timeline/", cases_api.CaseTimeline.as_view(), name="case-timeline"),
    path("cases/<uuid:case_id>/notes/", cases_api.CaseNotes.as_view(), name="case-notes"),
    path("cases/<uuid:case_id>/link-person/", cases_api.CaseLinkPerson.as_view(), name="case-link-person"),
    path("break-glass/", cases_api.BreakGlass.as_view(), name="break-glass"),
]
