from django.urls import path

from . import emergency_views, figures, intake_views, match_views, person_views, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("intake/", views.intake, name="intake"),
    path("intake/step/<int:step>/", intake_views.intake_step, name="intake_step"),
    path("intake/check/", intake_views.intake_check, name="intake_check"),
    path("intake/discard/", intake_views.intake_discard, name="intake_discard"),
    path("figures/", figures.figures, name="figures"),
    path("break-glass/", emergency_views.break_glass, name="break_glass"),
    path("emergency-access/", emergency_views.emergency_access_list, name="emergency_access_list"),
    path("emergency-access/<int:grant_id>/", emergency_views.emergency_access_detail, name="emergency_access_detail"),
    path("match-requests/<int:request_id>/", match_views.match_request, name="match_request"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/reveal/", views.case_reveal, name="reveal"),
    path("<uuid:case_id>/hide/", views.case_hide, name="hide"),
    path("<uuid:case_id>/notes/", views.note_add, name="note_add"),
    path("<uuid:case_id>/documents/", views.document_add, name="document_add"),
    path("<uuid:case_id>/documents/<int:document_id>/", views.document_download, name="document_download"),
    path("<uuid:case_id>/person/", person_views.person_edit, name="person_edit"),
    path("<uuid:case_id>/consents/", person_views.consent_add, name="consent_add"),
    path("<uuid:case_id>/consents/<int:consent_id>/withdraw/", person_views.consent_withdraw, name="consent_withdraw"),
]
