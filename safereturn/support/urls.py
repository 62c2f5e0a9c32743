"""Pages of support, under /support/."""

from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("spending/", views.spending, name="spending"),
    path("cases/<uuid:case_id>/", views.ledger, name="ledger"),
    path("cases/<uuid:case_id>/new/", views.record_add, name="record_add"),
    path("cases/<uuid:case_id>/decisions/new/", views.decision_add, name="decision_add"),
    path("cases/<uuid:case_id>/records/<int:record_id>/approval/", views.record_approval, name="record_approval"),
    path("cases/<uuid:case_id>/records/<int:record_id>/print/<slug:fmt>/", views.record_print, name="record_print"),
]
