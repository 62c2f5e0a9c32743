"""Pages of referrals, under /referrals/."""

from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("cases/<uuid:case_id>/new/", views.referral_create, name="create"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("<int:referral_id>/act/", views.referral_act, name="act"),
]
