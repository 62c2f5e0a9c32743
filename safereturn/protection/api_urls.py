"""API endpoints of protection: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

from django.urls import path

from . import api

urlpatterns = [
    path("cases/<uuid:case_id>/risk-assessments/", api.CaseRiskAssessments.as_view(), name="case-risk-assessments"),
    path(
        "cases/<uuid:case_id>/protection-measures/",
        api.CaseProtectionMeasures.as_view(),
        name="case-protection-measures",
    ),
    path(
        "cases/<uuid:case_id>/protection-measures/<int:measure_id>/review/",
        api.CaseProtectionMeasureReview.as_view(),
        name="case-protection-measure-review",
    ),
    path(
        "cases/<uuid:case_id>/protection-measures/<int:measure_id>/refusal/",
        api.CaseProtectionMeasureRefusal.as_view(),
        name="case-protection-measure-refusal",
    ),
    path("cases/<uuid:case_id>/danger-alerts/", api.CaseDangerAlerts.as_view(), name="case-danger-alerts"),
    path("danger-alerts/", api.DangerAlertList.as_view(), name="danger-alerts"),
    path("danger-alerts/<int:alert_id>/", api.DangerAlertDetail.as_view(), name="danger-alert"),
    path(
        "danger-alerts/<int:alert_id>/acknowledge/",
        api.DangerAlertAcknowledge.as_view(),
        name="danger-alert-acknowledge",
    ),
]
