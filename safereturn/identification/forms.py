"""Forms parse input; the services validate it against the case and the rules (one set of messages)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.cases.forms import DATE_INPUT
from safereturn.directory.forms import AgencyChoiceField
from safereturn.directory.models import Agency
from safereturn.rules.models import CompetenceAction, SharingException
from safereturn.rules.selectors import sharing_exceptions

from . import selectors, vocab
from .services import rules_date

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _agency_choice(label, required):
    return AgencyChoiceField(
        label=label,
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=required,
        empty_label=_("— Choose —") if required else _("— None —"),
        error_messages={"invalid_choice": _("Choose an agency from the directory.")},
    )


# Decree 30/2020/NĐ-CP: the title decides the lines above the signature (KT., Q., TM.).
SIGNER_TITLE_HELP = _(
    "As it is printed, e.g. Trưởng phòng. A deputy writes Phó Trưởng phòng: the document adds the line "
    "KT. TRƯỞNG PHÒNG above it. An acting head writes Quyền Trưởng phòng."
)


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to verify"), choices=vocab.TaskKind.choices)
    assignee_agency = _agency_choice(_("Assign to agency"), True)
    partner_agency = _agency_choice(_("Partner agency"), False)
    start_date = forms.DateField(
        label=_("Counted from"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=_("The day of notification; today if empty."),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=_("Leave empty to use the legal deadline."),
    )
    legal_exception = forms.ModelChoiceField(
        label=_("Legal exception to consent"),
        queryset=SharingException.objects.none(),
        required=False,
        empty_label=_("— None —"),
        help_text=_(
            "Only for an agency that may see the case with the person's consent (a shelter, an NGO, foreign "
            "affairs...) when no consent in force covers it: the legal ground on which it is shared."
        ),
        error_messages={"invalid_choice": _("Choose a legal exception in force from the list.")},
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_exception"].queryset = sharing_exceptions(timezone.localdate())
        if case is not None:
            # Only agencies that may verify this case are offered (the service checks again).
            agencies = selectors.competent_agencies(case, CompetenceAction.VERIFY, rules_date(case))
            self.fields["assignee_agency"].queryset = agencies
            self.fields["partner_agency"].queryset = agencies


class TaskCompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class TaskDueDateForm(forms.Form):
    """Move the due date (on the task page, next to the other forms: hence the prefix)."""

    prefix = "due"
    version = forms.IntegerField(widget=forms.HiddenInput)
    due_date = forms.DateField(
        label=_("New due date"),
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=_("Day/month/year; it cannot be in the past."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class EvidenceForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=vocab.EvidenceSource.choices)
    obtained_on = forms.DateField(label=_("Date"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    source_agency = _agency_choice(_("Source agency"), False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    documents = forms.MultipleChoiceField(
        label=_("Attachments (documents of this case)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [
            (d.pk, f"#{d.pk} · {d.get_kind_display()} · {d.created_at:%d/%m/%Y}")
            for d in case.documents.defer("original_name").order_by("-created_at")
        ]


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Decision"), choices=[(k.value, k.label) for k in vocab.OUTCOME_KINDS], widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Date"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    basis = forms.MultipleChoiceField(label=_("Based on the evidence"), widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    onward_help = forms.CharField(
        label=_("Onward help (if not a victim)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    signer_title = forms.CharField(
        label=_("Signer's title"), max_length=150, required=False, help_text=SIGNER_TITLE_HELP
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [
            (e.pk, f"#{e.pk} · {e.get_source_display()} · {e.obtained_on:%d/%m/%Y}")
            for e in case.evidence.order_by("obtained_on", "pk")
        ]


class ReturnCertificateForm(forms.Form):
    decided_on = forms.DateField(label=_("Date"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    reason = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    signer_name = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    signer_title = forms.CharField(
        label=_("Signer's title"), max_length=150, required=False, help_text=SIGNER_TITLE_HELP
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)


class CloseCaseForm(forms.Form):
    """Close a case: the reason is required; open verification tasks are cancelled only if chosen."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=vocab.ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the case is closed.")},
    )
    reason = forms.CharField(
        label=_("Why is the case closed?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept as a confidential note on the case and shown on its timeline."),
        error_messages={"required": _("Say why the case is closed.")},
    )
    cancel_open_tasks = forms.BooleanField(
        label=_("Cancel the open verification tasks, for the same reason"), required=False
    )
    override_reason = forms.CharField(
        label=_("Supervisor's decision: why close with items still open?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only a supervisor may decide this; the decision is recorded with the closure."),
    )


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
