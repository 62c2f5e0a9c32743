"""Pages of protection, under /protection/."""

from django.urls import path

from . import views

app_name = "protection"

urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert"),
    path("cases/<uuid:case_id>/alerts/new/", views.alert_create, name="alert_create"),
    path("cases/<uuid:case_id>/risk/new/", views.assessment_create, name="assessment_create"),
    path("cases/<uuid:case_id>/risk/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("cases/<uuid:case_id>/measures/new/", views.measure_create, name="measure_create"),
    path("cases/<uuid:case_id>/measures/<int:measure_id>/", views.measure_detail, name="measure"),
    path("cases/<uuid:case_id>/measures/<int:measure_id>/refusal/", views.measure_refusal, name="measure_refusal"),
]
