"""API endpoints of shelters: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

from django.urls import path

from . import api

urlpatterns = [
    path("shelters/facilities/", api.FacilityList.as_view(), name="shelter-facilities"),
    path("cases/<uuid:case_id>/stays/", api.CaseStays.as_view(), name="case-stays"),
    path(
        "cases/<uuid:case_id>/stays/<int:stay_id>/discharge/",
        api.CaseStayDischarge.as_view(),
        name="case-stay-discharge",
    ),
    path(
        "cases/<uuid:case_id>/stays/<int:stay_id>/transfer/", api.CaseStayTransfer.as_view(), name="case-stay-transfer"
    ),
    path("cases/<uuid:case_id>/stays/<int:stay_id>/extend/", api.CaseStayExtend.as_view(), name="case-stay-extend"),
    path(
        "cases/<uuid:case_id>/over-capacity-decisions/",
        api.CaseOverCapacityDecisions.as_view(),
        name="case-over-capacity-decisions",
    ),
]
