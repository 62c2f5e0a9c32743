from django.urls import path

from . import views

app_name = "identification"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("cases/<uuid:case_id>/tasks/new/", views.task_create, name="task_create"),
    path("cases/<uuid:case_id>/tasks/<int:task_id>/", views.task_detail, name="task"),
    path("cases/<uuid:case_id>/tasks/<int:task_id>/due-date/", views.task_due_date, name="task_due_date"),
    path("cases/<uuid:case_id>/evidence/new/", views.evidence_add, name="evidence_add"),
    path("cases/<uuid:case_id>/decision/new/", views.decision_create, name="decision_create"),
    path("cases/<uuid:case_id>/return-certificate/new/", views.return_certificate, name="return_certificate"),
    path("cases/<uuid:case_id>/close/", views.close, name="close"),
    path("cases/<uuid:case_id>/status/<slug:name>/", views.transition, name="transition"),
    path(
        "cases/<uuid:case_id>/decisions/<int:decision_id>/print/<slug:fmt>/",
        views.decision_print,
        name="decision_print",
    ),
]
