"""Forms for intake and case work. Every message is translated; bad input changes nothing."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.access.vocab import EmergencyCategory, ReviewOutcome
from safereturn.core.bounds import INTEGER_MAX, validate_date_in_range
from safereturn.directory.models import Agency, AgencyType
from safereturn.geo.countries import HOME_COUNTRY, country_choices
from safereturn.geo.ethnicity import ethnic_group_choices, is_ethnic_group_code
from safereturn.geo.models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province
from safereturn.geo.selectors import (
    communes_in_province,
    legacy_communes_in_district,
    legacy_districts_in_province,
    todays_units_for_legacy_commune,
)
from safereturn.rules.models import SharingBasis, SharingRule
from safereturn.rules.selectors import in_force

from . import vocab
from .documents import ACCEPT_ATTRIBUTE

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")
DATETIME_INPUT = forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}, format="%d/%m/%Y %H:%M")


def _checkboxes(choices, label, required=False):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


class PersonFieldsForm(forms.Form):
    """The person's identity fields and their checks, shared by intake and the person page."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    other_names = forms.CharField(label=_("Other names or aliases"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—")] + list(vocab.Sex.choices))
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("For example 05/03/2001. Leave empty if not known."),
    )
    birth_year = forms.IntegerField(label=_("Year of birth (if the date is not known)"), required=False, min_value=1900)
    nationality = forms.ChoiceField(label=_("Nationality"), initial=HOME_COUNTRY, required=False)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False)
    id_number = forms.CharField(label=_("ID card or passport number"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address of residence"), max_length=255, required=False)
    home_province = forms.ModelChoiceField(
        label=_("Province of residence"), queryset=Province.objects.all(), required=False
    )
    home_commune = forms.ModelChoiceField(
        label=_("Commune of residence"), queryset=Commune.objects.none(), required=False
    )
    # An address given with the units before 1 July 2025: chosen as it was, resolved to today's units.
    former_province = forms.ModelChoiceField(
        label=_("Former province (before 1 July 2025)"),
        queryset=LegacyProvince.objects.order_by("name"),
        required=False,
        help_text=_(
            "Only if the address is known by the units before 1 July 2025, with a district. "
            "Today's province and commune are filled in from it."
        ),
    )
    former_district = forms.ModelChoiceField(
        label=_("Former district"), queryset=LegacyDistrict.objects.none(), required=False
    )
    former_commune = forms.ModelChoiceField(
        label=_("Former commune"), queryset=LegacyCommune.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Country names in the user's language (CLDR), Viet Nam first; the code is what is stored.
        self.fields["nationality"].choices = country_choices(include_home=True)
        # The 54 groups by their GSO code; free text recorded before the list stays selectable as it was.
        ethnicity = [("", _("Not determined"))] + ethnic_group_choices()
        recorded = self.initial.get("ethnicity")
        if recorded and not is_ethnic_group_code(recorded):
            ethnicity.append((recorded, recorded))
        self.fields["ethnicity"].choices = ethnicity
        self.fields["home_province"].widget.attrs.update(
            {"hx-get": "/geo/communes/", "hx-target": "#id_home_commune", "hx-trigger": "change"}
        )
        self._limit_former_units()

    def _limit_former_units(self):
        """Each former unit's list holds the units of the one chosen above it; a former commune sent
        without its district (the API) is checked against them all."""
        self.fields["former_province"].widget.attrs.update(
            {"hx-get": "/geo/former-districts/", "hx-target": "#id_former_district", "hx-trigger": "change"}
        )
        self.fields["former_district"].widget.attrs.update(
            {"hx-get": "/geo/former-communes/", "hx-target": "#id_former_commune", "hx-trigger": "change"}
        )
        province, district = self._chosen("former_province"), self._chosen("former_district")
        if province:
            self.fields["former_district"].queryset = legacy_districts_in_province(province)
        elif self.data.get("former_district"):
            self.fields["former_district"].queryset = LegacyDistrict.objects.all()
        if district:
            self.fields["former_commune"].queryset = legacy_communes_in_district(district)
        elif self.data.get("former_commune"):
            self.fields["former_commune"].queryset = LegacyCommune.objects.all()

    def _chosen(self, name):
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

    def clean_nationality(self):
        return self.cleaned_data["nationality"] or HOME_COUNTRY

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value and value.year < 1900:
            raise forms.ValidationError(_("Check the date of birth."))
        return value

    def clean_birth_year(self):
        value = self.cleaned_data.get("birth_year")
        if value and value > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        home_province, home_commune = data.get("home_province"), data.get("home_commune")
        if home_commune and home_province and home_commune.province_id != home_province.pk:
            self.add_error("home_commune", _("This commune is not in the province of residence."))
        self._resolve_former_address(data)
        return data

    def _resolve_former_address(self, data):
        """A former commune gives today's province and commune (geo's official conversion): they fill
        the residence when it is empty, and a residence in another province is refused. For a commune
        that was split, the officer may choose another of today's communes in that province."""
        former = data.get("former_commune")
        district = data.get("former_district")
        if district and data.get("former_province") and district.legacy_province_id != data["former_province"].pk:
            self.add_error("former_district", _("This district was not in the former province chosen."))
            return
        if former is None:
            if district or data.get("former_province"):
                self.add_error("former_commune", _("Choose the former commune, or leave the former address empty."))
            return
        if district and former.legacy_district_id != district.pk:
            self.add_error("former_commune", _("This commune was not in the former district chosen."))
            return
        province, today = todays_units_for_legacy_commune(former.pk)
        if data.get("home_province") and data["home_province"].pk != province.pk:
            self.add_error(
                "home_province",
                _("The former address is in %(province)s today: choose it, or leave the province empty.")
                % {"province": province.name},
            )
            return
        data["home_province"] = province
        if not data.get("home_commune"):
            data["home_commune"] = today


class IntakeForm(PersonFieldsForm):
    """Tiếp nhận. Fields are grouped into the steps a commune officer walks through."""

    # 2. Reception
    channel = forms.ChoiceField(label=_("How the person came to us"), choices=[("", "—")] + list(vocab.Channel.choices))
    handover_place = forms.ChoiceField(
        label=_("Handover place (official handovers)"),
        choices=[("", "—")] + list(vocab.HandoverPlace.choices),
        required=False,
    )
    received_at = forms.DateTimeField(label=_("Date and time received"), widget=DATETIME_INPUT)
    province = forms.ModelChoiceField(label=_("Province where received"), queryset=Province.objects.all())
    commune = forms.ModelChoiceField(label=_("Commune where received"), queryset=Commune.objects.none(), required=False)
    reception_place = forms.CharField(
        label=_("Place of reception"),
        max_length=255,
        required=False,
        help_text=_("For example: commune office, border gate, port."),
    )
    # 3. What happened
    route = forms.ChoiceField(label=_("Route"), choices=vocab.Route.choices, widget=forms.RadioSelect)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    exploitation_forms = _checkboxes(vocab.ExploitationForm.choices, _("Forms of exploitation"))
    recruitment_methods = _checkboxes(vocab.RecruitmentMethod.choices, _("How the person was recruited"))
    control_methods = _checkboxes(vocab.ControlMethod.choices, _("How the person was controlled"))
    circumstances = forms.CharField(
        label=_("Circumstances (confidential)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accompanying_children = forms.IntegerField(
        label=_("Accompanying children under 18"), min_value=0, max_value=20, initial=0, required=False
    )
    accompanying_details = forms.CharField(
        label=_("Accompanying children and relatives (confidential)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Name, age and relationship of each, one per line."),
    )
    # 4. First help and safety
    immediate_needs_met = _checkboxes(vocab.ImmediateNeed.choices, _("Immediate needs met at intake"))
    risk_level = forms.ChoiceField(
        label=_("First risk screening"), choices=vocab.RiskLevel.choices, widget=forms.RadioSelect
    )
    risk_notes = forms.CharField(
        label=_("Risk notes (confidential)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # 5. Consent
    consent_processing = forms.BooleanField(
        label=_("The person agrees that their information is recorded and processed"), required=False
    )
    consent_share_with = forms.MultipleChoiceField(
        label=_("The person agrees to sharing with"), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent_given_on = forms.DateField(label=_("Date consent was given"), required=False, widget=DATE_INPUT)
    # Duplicate decision (filled after the check)
    link_to_person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_new_person = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Saved as a new person although earlier records were found: why (a confidential note on the case).
    new_person_reason = forms.CharField(
        label=_("Why is this a new person?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to save as a new person. Kept as a confidential note on the case."),
    )
    # Saved, and the agencies holding earlier records the officer may not see asked to confirm the match.
    ask_holding_agency = forms.BooleanField(required=False, widget=forms.HiddenInput)

    STEPS = [
        (
            _("The person"),
            [
                "full_name",
                "other_names",
                "sex",
                "date_of_birth",
                "birth_year",
                "nationality",
                "ethnicity",
                "id_number",
                "phone",
                "address",
                "home_province",
                "home_commune",
                "former_province",
                "former_district",
                "former_commune",
            ],
        ),
        (_("Reception"), ["channel", "handover_place", "received_at", "province", "commune", "reception_place"]),
        (
            _("What happened"),
            [
                "route",
                "destination_country",
                "exploitation_forms",
                "recruitment_methods",
                "control_methods",
                "circumstances",
                "accompanying_children",
            ],
        ),
        (_("First help and safety"), ["immediate_needs_met", "risk_level", "risk_notes"]),
        (_("Consent"), ["consent_processing", "consent_share_with", "consent_given_on"]),
    ]

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = [("", "—")] + country_choices()
        self.fields["consent_share_with"].choices = [(t.code, t.name) for t in AgencyType.objects.all()]
        if agency is not None and agency.province_id:
            # Only the agency's own territory is offered: it records the cases received there.
            self.fields["province"].initial = agency.province_id
            self.fields["commune"].initial = agency.commune_id
            self.fields["province"].queryset = Province.objects.filter(pk=agency.province_id)
            territory_error = {"invalid_choice": _("Your agency records cases received in its own territory only.")}
            self.fields["province"].error_messages.update(territory_error)
            if agency.commune_id:
                self.fields["commune"].required = True
                self.fields["commune"].error_messages.update(territory_error)
        for name, province_field in (("commune", "province"), ("home_commune", "home_province")):
            province = self.data.get(province_field) or self.fields[province_field].initial
            try:
                province = int(province) if province else None
            except (TypeError, ValueError):
                province = None
            if province:
                self.fields[name].queryset = Commune.objects.filter(province_id=province).order_by("name")
        if agency is not None and agency.commune_id:
            self.fields["commune"].queryset = Commune.objects.filter(pk=agency.commune_id)
        self.fields["province"].widget.attrs.update(
            {"hx-get": "/geo/communes/", "hx-target": "#id_commune", "hx-trigger": "change"}
        )

    def steps(self):
        return [(title, [self[name] for name in names]) for title, names in self.STEPS]

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("The date received cannot be in the future."))
        if value.year < 2000:
            raise forms.ValidationError(_("The date received is too far in the past."))
        return value

    def clean_consent_given_on(self):
        value = self.cleaned_data.get("consent_given_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The consent date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        province, commune = data.get("province"), data.get("commune")
        if province and commune and commune.province_id != province.pk:
            self.add_error("commune", _("This commune is not in the province where the person was received."))
        dob, received = data.get("date_of_birth"), data.get("received_at")
        if dob and received and dob > timezone.localdate(received):
            self.add_error("date_of_birth", _("The date of birth is after the date received."))
        if data.get("route") == vocab.Route.CROSS_BORDER and not data.get("destination_country"):
            self.add_error("destination_country", _("Choose the country the person was taken to."))
        if data.get("channel") == vocab.Channel.OFFICIAL_HANDOVER and not data.get("handover_place"):
            self.add_error("handover_place", _("Choose where the official handover took place."))
        if data.get("consent_processing") and not data.get("consent_given_on"):
            self.add_error("consent_given_on", _("Enter the date the person gave consent."))
        return data


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see this person's identity?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"min_length": _("Give a reason of at least 10 characters: it is recorded in the audit trail.")},
    )


class BreakGlassForm(forms.Form):
    """Asking for emergency access (truy cập khẩn cấp). The bounds are checked by the service."""

    case_number = forms.CharField(label=_("Case number"), max_length=32)
    category = forms.ChoiceField(
        label=_("What is the emergency?"), choices=EmergencyCategory.choices, widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label=_("What is happening, and why must you open this case now?"),
        help_text=_("Your supervisor and the auditor read this. Do not write the person's name or ID number."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EmergencyDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve: open access now")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (needed when you refuse)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EmergencyReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Was this access justified?"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (needed when it was not justified)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    category = forms.ChoiceField(label=_("Section"), choices=vocab.NoteCategory.choices)
    body = forms.CharField(label=_("Note (confidential)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].choices = [c for c in vocab.NoteCategory.choices if c[0] in categories]


class CaseEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    route = forms.ChoiceField(label=_("Route"), choices=vocab.Route.choices)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    exploitation_forms = _checkboxes(vocab.ExploitationForm.choices, _("Forms of exploitation"))
    risk_level = forms.ChoiceField(label=_("First risk screening"), choices=vocab.RiskLevel.choices)
    reception_place = forms.CharField(label=_("Place of reception"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = [("", "—")] + country_choices()

    def clean(self):
        data = super().clean()
        if data.get("route") == vocab.Route.CROSS_BORDER and not data.get("destination_country"):
            self.add_error("destination_country", _("Choose the country the person was taken to."))
        return data


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or case number"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(vocab.CaseStatus.choices)
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All"))] + list(vocab.Channel.choices)
    )
    exploitation = forms.ChoiceField(
        label=_("Exploitation"), required=False, choices=[("", _("All"))] + list(vocab.ExploitationForm.choices)
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All"))] + list(vocab.Sex.choices))
    age_group = forms.ChoiceField(
        label=_("Age group"), required=False, choices=[("", _("All"))] + list(vocab.AgeGroup.choices)
    )
    receiving_agency_id = forms.ModelChoiceField(
        label=_("Receiving agency"), required=False, queryset=Agency.objects.none(), empty_label=_("All")
    )
    commune_id = forms.IntegerField(label=_("Commune code"), required=False, min_value=1, max_value=INTEGER_MAX)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=DATE_INPUT, validators=[validate_date_in_range]
    )
    received_to = forms.DateField(
        label=_("Received to"), required=False, widget=DATE_INPUT, validators=[validate_date_in_range]
    )
    sort = forms.ChoiceField(
        required=False, choices=[(k, k) for k in ("-received", "received", "number", "-number", "status")]
    )

    def clean(self):
        data = super().clean()
        if data.get("received_from") and data.get("received_to") and data["received_from"] > data["received_to"]:
            self.add_error("received_to", _("The end date is before the start date."))
        if data.get("receiving_agency_id"):
            data["receiving_agency_id"] = data["receiving_agency_id"].pk
        return data


class FiguresPeriodForm(forms.Form):
    """The period the figures count (cases received from/to, whole days); this year so far unless chosen."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT, validators=[validate_date_in_range])
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT, validators=[validate_date_in_range])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.default_start, self.default_end = today.replace(month=1, day=1), today
        self.fields["start"].initial, self.fields["end"].initial = self.default_start, self.default_end

    def clean(self):
        data = super().clean()
        start, end = data.get("start") or self.default_start, data.get("end") or self.default_end
        if start > end:
            self.add_error("end", _("The end date is before the start date."))
        data["start"], data["end"] = start, end
        return data

    def period(self):
        """(first day, last day) counted: the chosen one, else this year so far."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default_start, self.default_end


class CaseListFilterForm(CaseFilterForm):
    """The case list page's filters: the commune chosen by name among the communes of the officer's
    province ("All" first); no commune filter for an agency without a province (a national agency).
    The API keeps ``CaseFilterForm``'s numeric ``commune_id``."""

    def __init__(self, *args, province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if province_id is None:
            del self.fields["commune_id"]
            return
        field = forms.TypedChoiceField(
            label=_("Commune"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("All"))] + list(communes_in_province(province_id).values_list("code", "name")),
        )
        # The options depend on the province: list_page caches them under it (see _fixed_options).
        field.options_scope = province_id
        self.fields["commune_id"] = field


class DocumentForm(forms.Form):
    """Add a document to a case. The file's type and size are checked by ``services.document_add``."""

    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", "—")] + list(vocab.DocumentKind.choices),
        error_messages={"required": _("Choose what kind of document this is.")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, JPEG or PNG images, Word (.docx), Excel (.xlsx) or plain text (.txt). It is stored encrypted."
        ),
        error_messages={
            "required": _("Choose a file to add."),
            "empty": _("The file is empty."),
            "invalid": _("No file was received. Check the form and try again."),
            "missing": _("Choose a file to add."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["file"].widget.attrs["accept"] = ACCEPT_ATTRIBUTE


# Consent at intake, in a few groups an officer can read out to the person: the kinds of recipient
# that rely on the person's consent. Agency types that the rules make a legal duty are shown as text.
# A consent-relying type named in no group below falls in "services".
CONSENT_GROUPS = [
    ("ngo", _("Non-governmental and international organisations"), ("ngo", "international_org")),
    ("shelter", _("Shelters and social support facilities"), ("social_support_facility",)),
    ("foreign_affairs", _("Foreign affairs and Vietnamese missions abroad"), ("foreign_affairs", "mission_abroad")),
    ("services", _("Services: legal aid, health care, schooling and training, loans, mass organisations"), ()),
]
SELECT_PROMPT = _("— Choose —")


def legal_duty_type_codes(on_date=None):
    """Agency types the sharing rules in force make a legal duty (shared without consent)."""
    rows = in_force(SharingRule, on_date or timezone.localdate()).filter(basis=SharingBasis.LEGAL_DUTY)
    return set(rows.values_list("agency_type_code", flat=True))


def consent_groups(on_date=None):
    """``[(group code, label, [agency type codes])]`` of the types relying on consent, and the agency
    types shared by law (``AgencyType`` rows)."""
    duty = legal_duty_type_codes(on_date)
    types = list(AgencyType.objects.all())
    named = {code for _g, _l, codes in CONSENT_GROUPS for code in codes}
    groups = []
    for group, label, codes in CONSENT_GROUPS:
        members = [
            t.code for t in types if t.code not in duty and (t.code in codes or (not codes and t.code not in named))
        ]
        groups.append((group, label, members))
    return groups, [t for t in types if t.code in duty]


class IntakeStepsForm(IntakeForm):
    """The intake pages' form: the API's ``IntakeForm`` in five short steps, with the obvious defaults
    (received now), selects that start empty, and consent as a few groups of recipients."""

    consent_share_groups = forms.MultipleChoiceField(
        label=_("The person agrees to sharing with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other agencies receive the case by law, without consent: see the list below."),
    )

    STEPS = [
        (
            _("The person"),
            IntakeForm.STEPS[0][1],
        ),
        (_("Reception"), IntakeForm.STEPS[1][1]),
        (
            _("The episode"),
            [*IntakeForm.STEPS[2][1], "accompanying_details"],
        ),
        (_("First help and safety"), IntakeForm.STEPS[3][1]),
        (_("Consent"), ["consent_processing", "consent_share_groups", "consent_given_on"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups, self.shared_by_law = consent_groups()
        self.consent_group_codes = {group: codes for group, _label, codes in groups}
        self.fields["consent_share_groups"].choices = [(group, label) for group, label, codes in groups if codes]
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and not isinstance(field.widget, forms.RadioSelect):
                choices = list(field.choices)
                if choices and choices[0][0] == "":
                    field.choices = [("", SELECT_PROMPT), *choices[1:]]
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = SELECT_PROMPT
        # On a page opened again, the communes of the province already chosen (kept in the draft).
        for name, province_field in (("commune", "province"), ("home_commune", "home_province")):
            province = self.initial.get(province_field) if not self.is_bound else None
            if province and str(province).isdigit() and not self.fields[name].queryset.exists():
                self.fields[name].queryset = Commune.objects.filter(province_id=int(province)).order_by("name")

    def step_count(self):
        return len(self.STEPS)

    def step_fields(self, number):
        return self.STEPS[number - 1][1]

    def clean(self):
        data = super().clean()
        chosen = data.get("consent_share_groups") or []
        codes = {code for group in chosen for code in self.consent_group_codes.get(group, [])}
        data["consent_share_with"] = sorted(set(data.get("consent_share_with") or []) | codes)
        return data


class MatchAnswerForm(forms.Form):
    """The holding agency's answer: are the two records one person?"""

    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("Are they the same person?"),
        choices=[
            ("same", _("Yes, the same person: link the new case to our record")),
            ("other", _("No, another person")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether they are the same person.")},
    )
