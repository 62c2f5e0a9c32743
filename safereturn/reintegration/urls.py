"""Pages of reintegration, under /reintegration/."""

from django.urls import path

from . import views

app_name = "reintegration"

urlpatterns = [
    path("cases/<uuid:case_id>/needs/new/", views.needs_create, name="needs_create"),
    path("cases/<uuid:case_id>/needs/<int:assessment_id>/", views.needs_detail, name="needs"),
    path("cases/<uuid:case_id>/plans/new/", views.plan_create, name="plan_create"),
    path("cases/<uuid:case_id>/plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("cases/<uuid:case_id>/plans/<int:plan_id>/review/", views.plan_review, name="plan_review"),
    path("cases/<uuid:case_id>/plans/<int:plan_id>/close/", views.plan_close, name="plan_close"),
    path("cases/<uuid:case_id>/plans/<int:plan_id>/services/new/", views.service_add, name="service_add"),
    path("cases/<uuid:case_id>/services/<int:service_id>/status/", views.service_status, name="service_status"),
    path("cases/<uuid:case_id>/escort/new/", views.escort_create, name="escort_create"),
    path("cases/<uuid:case_id>/family-contacts/new/", views.family_contact_create, name="family_contact_create"),
    path("cases/<uuid:case_id>/return/new/", views.return_create, name="return_create"),
    path("cases/<uuid:case_id>/visits/<int:visit_id>/", views.visit, name="visit"),
    path("cases/<uuid:case_id>/reintegration-assessments/new/", views.assessment_create, name="assessment_create"),
    path("cases/<uuid:case_id>/retrafficking/new/", views.retrafficking_create, name="retrafficking_create"),
]
