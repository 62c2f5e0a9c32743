from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.audit_trail, name="audit_trail"),
    path("<int:event_id>/", views.audit_event, name="audit_event"),
    path("emergency-access/", views.emergency_access, name="emergency_access"),
]
