"""API endpoints of referrals: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

from django.urls import path

from . import api

urlpatterns = [
    path("referrals/", api.ReferralLists.as_view(), name="referrals"),
    path("referrals/<int:referral_id>/", api.ReferralDetail.as_view(), name="referral"),
    path("referrals/<int:referral_id>/transitions/", api.ReferralTransition.as_view(), name="referral-transitions"),
    path("cases/<uuid:case_id>/referrals/", api.CaseReferrals.as_view(), name="case-referrals"),
]
