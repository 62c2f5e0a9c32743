"""Forms parse input; the services validate it against the meeting, the directory and the policy."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safereturn.cases.forms import DATE_INPUT
from safereturn.directory.models import Agency, JurisdictionLevel
from safereturn.geo.models import Province

from . import services, vocab

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
NO_IDENTITY = _(
    "You may write a case number, but never a victim's name, address, ID number, phone or photo: "
    "everyone at the meeting reads this. It is kept encrypted."
)


def _date(label):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=_("dd/mm/yyyy"),
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a date as dd/mm/yyyy.")},
    )


class _AgencyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def agencies_to_choose(actor, province_id, meeting=None):
    """The agencies a meeting may name: the province's provincial agencies, the communes' of the
    actor's commune, national bodies, and those already taking part."""
    scope = Q(jurisdiction_level=JurisdictionLevel.NATIONAL) | Q(
        province_id=province_id, jurisdiction_level=JurisdictionLevel.PROVINCE
    )
    if actor.agency.commune_id:
        scope |= Q(commune_id=actor.agency.commune_id)
    if meeting is not None:
        scope |= Q(pk__in=meeting.agencies.values("pk"))
    return (
        Agency.objects.filter(is_active=True)
        .filter(scope)
        .exclude(pk=actor.agency.pk)
        .select_related("province", "commune")
        .order_by("jurisdiction_level", "name")
    )


class MeetingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=vocab.MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of meeting.")},
    )
    held_on = _date(_("Date of the meeting"))
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label=_("— Choose —")
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False, help_text=_("e.g. a border gate"))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        help_text=_("Shown in lists: no victim's name, e.g. “Joint reception of 5 citizens returned”."),
        error_messages={"required": _("Say what the meeting was for.")},
    )
    agencies = _AgencyChoice(
        label=_("Other agencies taking part"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your agency takes part: tick the others."),
        error_messages={"required": _("Choose at least one other agency taking part.")},
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_IDENTITY,
    )  # fmt: skip
    decisions = forms.CharField(
        label=_("Decisions"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_IDENTITY,
    )  # fmt: skip
    case_numbers = forms.CharField(
        label=_("Case numbers discussed"),
        required=False,
        max_length=500,
        help_text=_("Optional; separated by commas. Only cases you may open can be linked."),
    )

    def __init__(self, *args, actor, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        province_id = meeting.province_id if meeting else actor.agency.province_id
        if meeting is not None or not services.province_choices_needed(actor):
            del self.fields["province"]
        self.fields["agencies"].queryset = agencies_to_choose(actor, province_id, meeting)

    def data_object(self):
        data = self.cleaned_data
        province = data.get("province")
        return services.MeetingData(
            kind=data["kind"],
            held_on=data["held_on"],
            purpose=data["purpose"],
            province_id=province.pk if province else None,
            place=data.get("place", ""),
            minutes=data.get("minutes", ""),
            decisions=data.get("decisions", ""),
            agency_ids=[a.pk for a in data["agencies"]],
            case_numbers=[n for n in (data.get("case_numbers") or "").replace(";", ",").split(",")],
        )


class _OfficerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name()


class ActionItemForm(forms.Form):
    description = forms.CharField(
        label=_("What is to be done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No victim's name or address: a case number is enough."),
        error_messages={"required": _("Say what is to be done.")},
    )
    owner_agency = forms.ModelChoiceField(
        label=_("Agency in charge"),
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the agency in charge among the agencies taking part.")},
    )
    owner_officer = _OfficerChoice(
        label=_("Officer in charge (optional)"),
        queryset=None,
        required=False,
        empty_label=_("— Anyone in the agency —"),
    )
    due_date = _date(_("Due date"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = meeting.agencies.order_by("name")
        self.fields["owner_agency"].queryset = agencies
        officers = services.officers_of_agencies(agencies)
        self.fields["owner_officer"].queryset = officers


class ItemStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=vocab.ItemStatus.choices)
