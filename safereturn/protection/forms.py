"""Forms parse input; the services validate it against the case and the rules (one set of messages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safereturn.cases.documents import ACCEPT_ATTRIBUTE
from safereturn.cases.forms import DATE_INPUT
from safereturn.directory.forms import AgencyChoiceField
from safereturn.directory.models import Agency

from . import vocab

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERRORS = {"invalid": _("Enter a date as dd/mm/yyyy.")}


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=help_text,
        error_messages={**DATE_ERRORS, "required": _("Enter a date as dd/mm/yyyy.")},
    )


def _agency(label):
    return AgencyChoiceField(
        label=label,
        queryset=Agency.objects.filter(is_active=True).select_related("province", "commune").order_by("name"),
        empty_label=_("— Choose —"),
        error_messages={
            "invalid_choice": _("Choose an agency from the directory."),
            "required": _("Choose an agency from the directory."),
        },
    )


def _text(label, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RiskAssessmentForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Risk level"),
        choices=vocab.RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a risk level.")},
    )
    codes = forms.MultipleChoiceField(
        label=_("Threats found"),
        choices=vocab.RiskCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every threat found. The risks marked “Child” are assessed for a child only."),
    )
    narrative = _text(
        _("Assessment"),
        help_text=_("What the threats are and where they come from. Kept encrypted; shown to case workers only."),
    )
    assessed_on = _date(_("Date of the assessment"))
    review_date = _date(_("Review date"), required=False, help_text=_("Leave empty for the default interval."))

    def __init__(self, *args, child=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not child:
            self.fields["codes"].choices = [c for c in vocab.RiskCode.choices if c[0] not in vocab.CHILD_RISK_CODES]


class MeasureForm(forms.Form):
    measure_type = forms.ModelChoiceField(
        label=_("Protection measure"),
        queryset=None,
        empty_label=_("— Choose —"),
        error_messages={
            "required": _("Choose a protection measure in force on the date of the case."),
            "invalid_choice": _("Choose a protection measure in force on the date of the case."),
        },
    )
    protects = forms.ChoiceField(
        label=_("Whom it protects"),
        choices=vocab.ProtectedParty.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whom the measure protects.")},
    )
    protected_description = forms.CharField(
        label=_("Protected person, without a name"),
        required=False,
        max_length=200,
        help_text=_("For a relative, a child or a helper: e.g. mother, son aged 6. Never a name here."),
    )
    protected_name = forms.CharField(
        label=_("Name of the protected person"),
        required=False,
        max_length=200,
        help_text=_("Only if needed; kept encrypted."),
    )
    details = _text(_("Details of the measure"), help_text=_("Kept encrypted."))
    requested_by_agency = _agency(_("Requested by"))
    deciding_agency = _agency(_("Decided by (agency)"))
    deciding_official = forms.CharField(
        label=_("Deciding official"),
        max_length=200,
        help_text=_("Name and title, e.g. Nguyễn Văn A, Phó Giám đốc Công an thành phố"),
        error_messages={"required": _("Enter the name and title of the official who decided.")},
    )
    decided_on = _date(_("Date of the decision"))
    start_date = _date(_("Start"))
    review_date = _date(_("Review date"), required=False, help_text=_("Leave empty for the default interval."))
    end_date = _date(_("End"), required=False, help_text=_("Leave empty while it is to last."))

    def __init__(self, *args, measure_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_type"].queryset = measure_types


class MeasureReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Outcome of the review"),
        choices=vocab.ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the measure continues, continues changed, or ends.")},
    )
    note = _text(
        _("Note of the review"),
        required=True,
        help_text=_(
            "What the review found and, for a change, what changes (e.g. the school is also kept secret). "
            "Kept encrypted."
        ),
    )
    note.error_messages["required"] = _("Say what the review found (and, for a change, what changes).")
    reviewed_on = _date(_("Date of the review"))
    next_review_date = _date(
        _("Next review"), required=False, help_text=_("Leave empty for the default interval; none if it ends.")
    )


class MeasureRefusalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    refused_on = _date(_("Date of the refusal"))
    refusal_reason = _text(_("Reason given"), help_text=_("Kept encrypted."))
    commitment = forms.FileField(
        label=_("Signed commitment"),
        required=False,
        help_text=_("The written commitment signed by the person who refuses (PDF, image or Word)."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


class AlertForm(forms.Form):
    description = _text(
        _("What happened"),
        required=True,
        help_text=_(
            "Who called or came, when, what they asked. Do not write the person's name: the police open the "
            "case in the system."
        ),
    )
    description.error_messages["required"] = _("Say what happened: who called or came, when, what they asked.")


class AcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action_taken = _text(
        _("What was done"),
        required=True,
        help_text=_("e.g. officers sent to the shelter, the caller identified, the shelter called back."),
    )
    action_taken.error_messages["required"] = _(
        "Say what was done or will be done (e.g. officers sent, the shelter called back)."
    )
