"""API endpoints of support: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

from django.urls import path

from . import api

urlpatterns = [
    path("cases/<uuid:case_id>/entitlements/", api.CaseEntitlements.as_view(), name="case-entitlements"),
    path("cases/<uuid:case_id>/support-records/", api.CaseSupportRecords.as_view(), name="case-support-records"),
    path(
        "cases/<uuid:case_id>/support-records/<int:record_id>/approval/",
        api.CaseSupportRecordApproval.as_view(),
        name="case-support-record-approval",
    ),
    path("cases/<uuid:case_id>/support-decisions/", api.CaseSupportDecisions.as_view(), name="case-support-decisions"),
]
