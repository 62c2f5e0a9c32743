"""django-axes under a name an administrator reads in Vietnamese (its models' names are in our
catalogue: ``third_party_labels``). In a module of its own: an app module with two AppConfig classes
would leave Django to pick neither for the accounts app."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LockoutsConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockouts")
