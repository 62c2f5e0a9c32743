"""Names that third-party apps show in the admin without a Vietnamese catalogue of their own
(django-axes). Listed here so that they are in our catalogues: Django merges every catalogue, so our
translation is the one shown."""

from django.utils.translation import gettext_lazy as _

AXES_LABELS = (
    _("access failure"),
    _("access failures"),
    _("access attempt"),
    _("access attempts"),
    _("Access Attempt"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("access log"),
    _("access logs"),
)
