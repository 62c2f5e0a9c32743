"""Forms parse input; the services check it against the case, the entitlement and the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safereturn.cases.documents import ACCEPT_ATTRIBUTE
from safereturn.cases.forms import DATE_INPUT
from safereturn.directory.forms import AgencyChoiceField
from safereturn.directory.models import Agency

from . import vocab
from .models import MAX_AMOUNT_VND, MAX_QUANTITY

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERRORS = {"invalid": _("Enter a date as dd/mm/yyyy.")}


class RecordForm(forms.Form):
    item_code = forms.ChoiceField(label=_("Item"), choices=())
    beneficiary = forms.ChoiceField(
        label=_("Given to"),
        choices=vocab.Beneficiary.choices,
        initial=vocab.Beneficiary.PERSON,
        widget=forms.RadioSelect,
    )
    provider_kind = forms.ChoiceField(label=_("Provided by"), choices=vocab.ProviderKind.choices)
    provider_agency = AgencyChoiceField(
        label=_("Provider agency"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("— None —"),
        help_text=_("When an agency in the directory provided it."),
        error_messages={"invalid_choice": _("Choose an agency from the directory.")},
    )
    provider_name = forms.CharField(
        label=_("Provider's name"),
        required=False,
        max_length=200,
        help_text=_("A hospital, legal-aid centre, school, vocational centre or bank branch outside the directory."),
    )
    date_from = forms.DateField(label=_("Date (or first day)"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    date_to = forms.DateField(
        label=_("Last day"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=_("For a period; leave empty for a single day."),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        help_text=_("Days, months, school years or times, as the item counts."),
    )
    unit_rate = forms.IntegerField(
        label=_("Unit rate (VND)"),
        required=False,
        min_value=1,
        max_value=MAX_AMOUNT_VND,
        help_text=_("Leave empty for a service without payment."),
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"), choices=[("", _("— None —")), *vocab.FundingSource.choices], required=False
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a service outside the agency: what came of it. Kept encrypted."),
    )
    receipt = forms.FileField(
        label=_("Receipt or signature"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("A scan or photo of the receipt or the signed list (PDF, JPG, PNG)."),
    )
    decision = forms.TypedChoiceField(
        label=_("Supervisor's decision allowing it"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args, items=(), decisions=(), child=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not child:  # no accompanying child on the case: the person received it (no question to answer)
            del self.fields["beneficiary"]
        self.fields["item_code"].choices = [("", _("— Choose —")), *items]
        # Messages that say what to do, not "This field is required." (the services' own wording).
        quantity = _("Enter a quantity from 1 to %(max)s.") % {"max": MAX_QUANTITY}
        rate = _("Enter a unit rate from 1 to %(max)s VND.") % {"max": f"{MAX_AMOUNT_VND:,}".replace(",", ".")}
        _messages(
            self,
            item_code={"required": _("Choose an item of the rules that govern this case.")},
            provider_kind={"required": _("Choose who provided it.")},
            date_from={"required": _("Enter the date (or the first day) of the service."), **DATE_ERRORS},
            date_to=DATE_ERRORS,
            quantity={"required": quantity, "invalid": quantity, "min_value": quantity, "max_value": quantity},
            unit_rate={"invalid": rate, "min_value": rate, "max_value": rate},
        )
        self.fields["decision"].choices = [("", _("— None —")), *decisions]
        self.fields["decision"].help_text = _("Only for a payment above the entitlement or after its cap.")


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=vocab.DecisionKind.choices, widget=forms.RadioSelect)
    item_code = forms.ChoiceField(label=_("Item"), choices=())
    extra_units = forms.IntegerField(
        label=_("Extended by"),
        required=False,
        min_value=1,
        max_value=MAX_QUANTITY,
        help_text=_("Days, months or school years, as the item's cap counts. Only for an extension."),
    )
    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=50,
        help_text=_("As written on the decision, e.g. 15/QĐ-UBND."),
    )
    decided_on = forms.DateField(label=_("Date signed"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    signer_name = forms.CharField(label=_("Signed by (full name)"), max_length=120)
    signer_title = forms.CharField(
        label=_("Signer's title"), max_length=120, help_text=_("E.g. Giám đốc, Chủ tịch, Phó Chủ tịch.")
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Kept encrypted.")
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [("", _("— Choose —")), *items]
        extra = _("Enter by how much the cap is extended (1 to %(max)s).") % {"max": MAX_QUANTITY}
        _messages(
            self,
            kind={"required": _("Choose what the decision does.")},
            item_code={"required": _("Choose an item of the rules that govern this case.")},
            extra_units={"invalid": extra, "min_value": extra, "max_value": extra},
            decided_on={"required": _("Enter the date of the decision."), **DATE_ERRORS},
            reason={"required": _("Give the reason for the decision.")},
            number={"required": _("Enter the number and symbol of the decision, as written on it (e.g. 15/QĐ-UBND).")},
            signer_name={"required": _("Enter the full name of the official who signed the decision.")},
            signer_title={"required": _("Enter the title of the official who signed (e.g. Giám đốc).")},
        )


def _messages(form, **by_field):
    """Set the fields' error messages in the language of the request."""
    for name, messages in by_field.items():
        if name in form.fields:
            form.fields[name].error_messages.update(messages)


class ApprovalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(coerce=lambda v: v == "yes", choices=[("yes", "yes"), ("no", "no")])
