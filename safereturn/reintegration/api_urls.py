"""API endpoints of reintegration: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

from django.urls import path

from . import api

CASE = "cases/<uuid:case_id>/"

urlpatterns = [
    path(f"{CASE}needs-assessments/", api.CaseNeedsAssessments.as_view(), name="case-needs-assessments"),
    path(f"{CASE}support-plans/", api.CaseSupportPlans.as_view(), name="case-support-plans"),
    path(
        f"{CASE}support-plans/<int:plan_id>/reviews/",
        api.CaseSupportPlanReview.as_view(),
        name="case-support-plan-review",
    ),
    path(
        f"{CASE}support-plans/<int:plan_id>/close/",
        api.CaseSupportPlanClose.as_view(),
        name="case-support-plan-close",
    ),
    path(
        f"{CASE}support-plans/<int:plan_id>/services/",
        api.CaseSupportPlanServices.as_view(),
        name="case-support-plan-services",
    ),
    path(f"{CASE}planned-services/<int:service_id>/", api.CasePlannedService.as_view(), name="case-planned-service"),
    path(f"{CASE}child-escorts/", api.CaseChildEscorts.as_view(), name="case-child-escorts"),
    path(f"{CASE}family-contacts/", api.CaseFamilyContacts.as_view(), name="case-family-contacts"),
    path(f"{CASE}returns/", api.CaseReturns.as_view(), name="case-returns"),
    path(f"{CASE}follow-up-visits/", api.CaseFollowUpVisits.as_view(), name="case-follow-up-visits"),
    path(f"{CASE}follow-up-visits/<int:visit_id>/", api.CaseFollowUpVisit.as_view(), name="case-follow-up-visit"),
    path(
        f"{CASE}reintegration-assessments/",
        api.CaseReintegrationAssessments.as_view(),
        name="case-reintegration-assessments",
    ),
    path(f"{CASE}retrafficking-links/", api.CaseRetraffickingLinks.as_view(), name="case-retrafficking-links"),
]
