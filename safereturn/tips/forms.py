"""Forms for tips and the commune register. Pages and the API validate with the same forms;
every message is translated; bad input changes nothing."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.access import policy
from safereturn.cases.forms import DATE_INPUT, DATETIME_INPUT, SELECT_PROMPT
from safereturn.cases.vocab import Sex
from safereturn.directory.forms import AgencyChoiceField
from safereturn.directory.models import Agency
from safereturn.geo.models import Commune, Province

from . import vocab


def _all(choices):
    return [("", _("All"))] + list(choices)


def _province_code(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _version_field():
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TipForm(forms.Form):
    """Tiếp nhận tin báo."""

    received_at = forms.DateTimeField(label=_("Date and time received"), widget=DATETIME_INPUT)
    # Required choices start empty ("— Choose —"): a preselected first option gets saved unread.
    source = forms.ChoiceField(label=_("Source of the tip"), choices=[("", SELECT_PROMPT), *vocab.Source.choices])
    # Optional choices fall back to their default when left out (as the API may).
    suspected_pathway = forms.ChoiceField(
        label=_("Suspected pathway"), choices=vocab.Pathway.choices, initial=vocab.Pathway.UNKNOWN, required=False
    )
    province = forms.ModelChoiceField(label=_("Province concerned"), queryset=Province.objects.all())
    commune = forms.ModelChoiceField(
        label=_("Commune concerned"),
        queryset=Commune.objects.none(),
        required=False,
        help_text=_("Where the person lives or was last seen, if known."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=vocab.Priority.choices, initial=vocab.Priority.NORMAL, required=False
    )
    summary = forms.CharField(
        label=_("What was reported (confidential)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    subject_name = forms.CharField(
        label=_("Name of the person concerned (confidential)"), max_length=150, required=False
    )
    reporter_name = forms.CharField(label=_("Reporter's name (confidential)"), max_length=150, required=False)
    reporter_contact = forms.CharField(
        label=_("Reporter's phone or address (confidential)"), max_length=150, required=False
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None and agency.province_id:
            self.fields["province"].initial = agency.province_id
            self.fields["commune"].initial = agency.commune_id
        province = _province_code(self.data.get("province") if self.is_bound else self.fields["province"].initial)
        # Bound: accept any existing commune so one outside the province gets a clear message in clean().
        if self.is_bound:
            self.fields["commune"].queryset = Commune.objects.all()
        elif province:
            self.fields["commune"].queryset = Commune.objects.filter(province_id=province).order_by("name")
        self.fields["province"].widget.attrs.update(
            {"hx-get": "/geo/communes/", "hx-target": "#id_commune", "hx-trigger": "change"}
        )

    def clean_suspected_pathway(self):
        return self.cleaned_data.get("suspected_pathway") or vocab.Pathway.UNKNOWN

    def clean_priority(self):
        return self.cleaned_data.get("priority") or vocab.Priority.NORMAL

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("The date received cannot be in the future."))
        if value.year < 2000:
            raise forms.ValidationError(_("The date received is too far in the past."))
        return value

    def clean(self):
        data = super().clean()
        province, commune = data.get("province"), data.get("commune")
        if province and commune and commune.province_id != province.pk:
            self.add_error("commune", _("This commune is not in the province concerned."))
        # Re-rendered, the picker lists only the chosen province's communes.
        self.fields["commune"].queryset = (
            Commune.objects.filter(province=province).order_by("name") if province else Commune.objects.none()
        )
        return data


class TipFilterForm(forms.Form):
    q = forms.CharField(label=_("Tip number or name"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(vocab.TipStatus.choices))
    source = forms.ChoiceField(label=_("Source"), required=False, choices=_all(vocab.Source.choices))
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=_all(vocab.Priority.choices))


class TriageForm(forms.Form):
    version = _version_field()
    priority = forms.ChoiceField(label=_("Priority"), choices=vocab.Priority.choices)


class ForwardForm(forms.Form):
    """Chuyển tin báo: only the agencies the policy lets this tip go to (``policy.tip_recipients``), in
    groups — the tip's commune, then the province's agencies by type, then nationwide — so the officer
    finds the right one; a forged choice is "not in the list" and changes nothing."""

    version = _version_field()
    to_agency = AgencyChoiceField(
        label=_("Forward to"),
        queryset=Agency.objects.none(),
        help_text=_(
            "The competent agency: the police, the border guard, the immigration office or another agency that "
            "verifies, in the tip's province or nationwide. It will see this tip and can act on it."
        ),
        error_messages={
            "invalid_choice": _(
                "A tip can be forwarded only to a competent agency in the list. Choose one from the list."
            )
        },
    )

    def __init__(self, *args, actor=None, tip=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_agency"]
        if actor is None or tip is None:
            return
        field.queryset = policy.tip_recipients(actor, tip).select_related("agency_type", "province", "commune")
        field.widget.choices = [("", SELECT_PROMPT), *self._groups(field, tip)]

    @staticmethod
    def _groups(field, tip):
        agencies = sorted(field.queryset, key=lambda a: (a.agency_type.sort_order, a.name))
        here = [a for a in agencies if tip.commune_id and a.commune_id == tip.commune_id]
        national = [a for a in agencies if a.jurisdiction_level == "national"]
        groups = []
        if here:
            groups.append((_("In the tip's commune: %(commune)s") % {"commune": tip.commune.name}, here))
        by_type = {}
        for agency in agencies:
            if agency not in here and agency not in national:
                by_type.setdefault(agency.agency_type.name, []).append(agency)
        groups.extend(by_type.items())
        if national:
            groups.append((_("Nationwide"), national))
        return [(str(title), [(a.pk, field.label_from_instance(a)) for a in members]) for title, members in groups]


class CaseNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Case number"))
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)


def _visible_case(actor, number):
    """The case with this number if the actor may see it; the same answer when it does not exist."""
    case = policy.visible_cases(actor).filter(number=(number or "").strip()).first()
    if case is None:
        raise forms.ValidationError(_("No case you can open has this number. Check it and try again."))
    return case


class LinkCaseForm(forms.Form):
    version = _version_field()
    case_number = CaseNumberField(help_text=_("For example 92-2026-000123."))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_case_number(self):
        self.cleaned_data["case"] = _visible_case(self.actor, self.cleaned_data["case_number"])
        return self.cleaned_data["case_number"].strip()


class CloseForm(forms.Form):
    version = _version_field()
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=[("", SELECT_PROMPT), *vocab.CloseReason.choices])
    note = forms.CharField(
        label=_("Note (confidential)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == vocab.CloseReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Explain why the tip is closed."))
        return data


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see the names and what was reported?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"min_length": _("Give a reason of at least 10 characters: it is recorded in the audit trail.")},
    )


# ---- the commune register ---------------------------------------------------------------------


class RegisterEntryForm(forms.Form):
    """Sổ theo dõi: one person missing from the locality, or at risk."""

    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    category = forms.ChoiceField(label=_("Category"), choices=vocab.RegisterCategory.choices)
    full_name = forms.CharField(label=_("Full name (confidential)"), max_length=150)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, required=False)
    since = forms.DateField(
        label=_("Since"),
        widget=DATE_INPUT,
        help_text=_("The date the person left the locality, or was found to be at risk. For example 05/03/2026."),
    )
    circumstances = forms.CharField(
        label=_("Circumstances (confidential)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=vocab.RegisterStatus.choices, initial=vocab.RegisterStatus.OPEN, required=False
    )
    linked_tip_number = forms.CharField(
        label=_("Tip number (if a tip was received)"),
        max_length=32,
        required=False,
        help_text=_("For example TB-92-2026-000001."),
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.communes = policy.register_communes(actor).order_by("name")
        # Bound: accept any existing commune so one outside the agency's area gets a clear message.
        self.fields["commune"].queryset = Commune.objects.all() if self.is_bound else self.communes
        if actor is not None and actor.agency.commune_id:
            self.fields["commune"].initial = actor.agency.commune_id

    def clean_commune(self):
        commune = self.cleaned_data["commune"]
        if not self.communes.filter(pk=commune.pk).exists():
            raise forms.ValidationError(_("This commune is not in your agency's area: you cannot keep its register."))
        return commune

    def clean_birth_year(self):
        value = self.cleaned_data.get("birth_year")
        if value and value > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return value

    def clean_sex(self):
        return self.cleaned_data.get("sex") or Sex.UNKNOWN

    def clean_status(self):
        return self.cleaned_data.get("status") or vocab.RegisterStatus.OPEN

    def clean_since(self):
        value = self.cleaned_data["since"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        if value.year < 1950:
            raise forms.ValidationError(_("Check this date."))
        return value

    def clean_linked_tip_number(self):
        number = (self.cleaned_data.get("linked_tip_number") or "").strip().upper()
        self.cleaned_data["linked_tip"] = None
        if number:
            tip = policy.visible_tips(self.actor).filter(number=number).first()
            if tip is None:
                raise forms.ValidationError(_("No tip you can open has this number. Check it and try again."))
            self.cleaned_data["linked_tip"] = tip
        return number

    def clean(self):
        data = super().clean()
        since, birth_year = data.get("since"), data.get("birth_year")
        if since and birth_year and birth_year > since.year:
            self.add_error("birth_year", _("The year of birth is after the date given under 'Since'."))
        if "commune" in self.fields:  # re-rendered, the picker lists only the agency's communes
            self.fields["commune"].queryset = self.communes
        return data


class RegisterEntryEditForm(RegisterEntryForm):
    """Editing keeps the entry in its commune's register."""

    version = _version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["commune"]


class RegisterFilterForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), required=False, queryset=Commune.objects.none())
    category = forms.ChoiceField(label=_("Category"), required=False, choices=_all(vocab.RegisterCategory.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(vocab.RegisterStatus.choices))
    q = forms.CharField(label=_("Name"), required=False, max_length=100)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = policy.register_communes(actor).order_by("name")


class RegisterLinkCaseForm(forms.Form):
    version = _version_field()
    case_number = CaseNumberField(help_text=_("The case of this person, once found or returned."))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_case_number(self):
        self.cleaned_data["case"] = _visible_case(self.actor, self.cleaned_data["case_number"])
        return self.cleaned_data["case_number"].strip()
