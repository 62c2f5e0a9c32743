"""Form fields about the directory, shared by the apps' forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AgencyChoiceField(forms.ModelChoiceField):
    """A picker of agencies, each shown with the place it sits in, said once (``Agency.label``)."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("Choose an agency from the directory.")})
        super().__init__(queryset.select_related("province", "commune"), **kwargs)

    def label_from_instance(self, obj):
        return obj.label
