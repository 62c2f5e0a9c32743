from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("", views.tip_list, name="list"),
    path("new/", views.tip_create, name="create"),
    path("register/", views.register_list, name="register"),
    path("register/new/", views.register_add, name="register_add"),
    path("register/<uuid:entry_id>/edit/", views.register_edit, name="register_edit"),
    path("register/<uuid:entry_id>/link-case/", views.register_link_case, name="register_link_case"),
    path("<uuid:tip_id>/", views.tip_detail, name="detail"),
    path("<uuid:tip_id>/triage/", views.tip_triage, name="triage"),
    path("<uuid:tip_id>/forward/", views.tip_forward, name="forward"),
    path("<uuid:tip_id>/link-case/", views.tip_link_case, name="link_case"),
    path("<uuid:tip_id>/close/", views.tip_close, name="close"),
    path("<uuid:tip_id>/reveal/", views.tip_reveal, name="reveal"),
    path("<uuid:tip_id>/hide/", views.tip_hide, name="hide"),
]
