"""Pages of shelters, under /shelters/."""

from django.urls import path

from . import views

app_name = "shelters"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("<int:facility_id>/", views.facility_detail, name="facility"),
    path("<int:facility_id>/places/", views.places_edit, name="places"),
    path("cases/<uuid:case_id>/admit/", views.admit, name="admit"),
    path("cases/<uuid:case_id>/over-capacity/", views.over_capacity, name="over_capacity"),
    path("cases/<uuid:case_id>/stays/<int:stay_id>/discharge/", views.discharge, name="discharge"),
    path("cases/<uuid:case_id>/stays/<int:stay_id>/transfer/", views.transfer, name="transfer"),
    path("cases/<uuid:case_id>/stays/<int:stay_id>/extend/", views.extend, name="extend"),
]
