"""Forms parse input; the services validate it against the case, the stays and the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safereturn.cases.forms import DATE_INPUT

from . import services, vocab

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label, help_text=""):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=help_text or _("dd/mm/yyyy"),
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a date as dd/mm/yyyy.")},
    )


def _groups(case):
    allowed = vocab.allowed_groups(case)
    return [(value, label) for value, label in vocab.PlaceGroup.choices if value in allowed]


class _Decision(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Decision of %(date)s (%(group)s)") % {
            "date": obj.decided_at.strftime("%d/%m/%Y"),
            "group": vocab.PlaceGroup(obj.group).label,
        }


def _decision_field(queryset):
    return _Decision(
        label=_("Supervisor's decision to admit over capacity"),
        queryset=queryset,
        required=False,
        empty_label=_("— None —"),
        widget=forms.RadioSelect,
        help_text=_("Only when the group is full: a decision recorded by the facility's supervisor."),
    )


class AdmitForm(forms.Form):
    group = forms.ChoiceField(label=_("Group of places"), widget=forms.RadioSelect)
    admitted_on = _date(_("Date of admission"))

    def __init__(self, *args, case, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = _groups(case)
        self.fields["group"].initial = vocab.proposed_group(case)
        if decisions.exists():
            self.fields["over_capacity_decision"] = _decision_field(decisions)


class DischargeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    discharged_on = _date(_("Date the person left"))
    reason = forms.ChoiceField(label=_("Reason"), choices=vocab.DISCHARGE_CHOICES, widget=forms.RadioSelect)
    destination = forms.CharField(
        label=_("Where the person went"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept encrypted; shown only under the reveal rule."),
    )


class TransferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_facility = forms.ModelChoiceField(
        label=_("Facility the person moves to"),
        queryset=None,
        empty_label=_("— Choose —"),
        error_messages={"invalid_choice": _("Choose a facility from the list.")},
    )
    group = forms.ChoiceField(label=_("Group of places there"), widget=forms.RadioSelect)
    transferred_on = _date(_("Date of transfer"))

    def __init__(self, *args, case, stay, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_facility"].queryset = services.receiving_facilities(case, exclude_id=stay.facility_id)
        self.fields["group"].choices = _groups(case)
        self.fields["group"].initial = stay.group


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    new_end = _date(_("New last day of support"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=50, help_text=_("e.g. 15/QĐ-TTCTXH"))
    decided_on = _date(_("Date of the decision"))
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Kept encrypted.")
    )


class OverCapacityForm(forms.Form):
    group = forms.ChoiceField(label=_("Group of places"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Kept encrypted.")
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = _groups(case)
        self.fields["group"].initial = vocab.proposed_group(case)


class PlacesForm(forms.Form):
    """One number of places per group, with the version each was loaded at."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for group, label, row in rows:
            self.fields[group] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=services.MAX_PLACES,
                required=False,
                initial=row.places if row else None,
                help_text=_("Leave empty if the facility takes nobody of this group."),
            )
            self.fields[f"{group}_version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=row.version if row else 0
            )
        self.groups = [group for group, _label, _row in rows]

    def changes(self):
        data = self.cleaned_data
        changes = {}
        for group in self.groups:
            version = data.get(f"{group}_version") or 0
            if data.get(group) is not None:
                changes[group] = (data[group], version)
            elif version:  # emptied: the facility no longer takes this group
                changes[group] = (0, version)
        return changes
