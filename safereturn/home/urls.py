from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    path("my-work/", views.work, name="work"),
    path("acting-as/", views.switch_membership, name="switch_membership"),
]
