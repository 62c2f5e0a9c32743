from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds

FIELD_PREFIX = "email_"


class EmailPreferencesForm(forms.Form):
    """One box per registered kind: "send me an e-mail" for it. Mandatory kinds are ticked and locked."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.all_kinds():
            field = forms.BooleanField(label=kind.label, required=False, initial=choices.get(kind.code, False))
            if kind.mandatory:
                field.initial = True
                field.disabled = True
                field.help_text = _("Always sent by e-mail, because it may need action at once.")
            self.fields[FIELD_PREFIX + kind.code] = field

    def email_choices(self):
        """``{kind code: bool}`` of the kinds an officer may choose (not the mandatory ones)."""
        return {
            name.removeprefix(FIELD_PREFIX): bool(value)
            for name, value in self.cleaned_data.items()
            if not self.fields[name].disabled
        }
