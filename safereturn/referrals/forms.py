"""Forms of referrals: the pages parse with these; the services decide."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.directory.forms import AgencyChoiceField
from safereturn.directory.models import Agency
from safereturn.rules.models import SharingException
from safereturn.rules.selectors import sharing_exceptions

from . import vocab

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def recipient_agencies(case, actor):
    """Agencies a person may be referred to: active, other than the sender, in the case's province, the
    person's home province, or national (the service checks the sharing basis)."""
    provinces = {case.province_id, case.person.home_province_id} - {None}
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(province_id__in=provinces) | Q(jurisdiction_level="national"))
        .exclude(pk=actor.agency.pk)
        .order_by("province_id", "name")
    )


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Referred to"),
        choices=vocab.ReferralKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the person is referred to.")},
    )
    recipient_agency = AgencyChoiceField(
        Agency.objects.none(),
        label=_("Recipient agency"),
        empty_label=_("— Choose —"),
        error_messages={
            "required": _("Choose the agency the person is referred to."),
            "invalid_choice": _("Choose an agency from the directory."),
        },
    )
    sections = forms.MultipleChoiceField(
        label=_("What the recipient may see"),
        choices=vocab.Section.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what it needs. It never sees the person's name or identity papers through a referral."),
        error_messages={"required": _("Choose at least one section the recipient needs to see.")},
    )
    wish = forms.ChoiceField(
        label=_("What does the person wish?"),
        choices=vocab.Wish.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say what the person wishes.")},
    )
    wish_followed = forms.ChoiceField(
        label=_("Does this referral follow the person's wish?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": _("Say whether the referral follows the person's wish.")},
    )
    wish_not_followed = forms.ChoiceField(
        label=_("If not, why?"),
        choices=[("", _("— Choose —")), *vocab.WishNotFollowed.choices],
        required=False,
    )
    legal_exception = forms.ModelChoiceField(
        label=_("Legal exception to consent"),
        queryset=SharingException.objects.none(),
        required=False,
        empty_label=_("— None —"),
        help_text=_(
            "Only when no consent of the person in force covers this type of agency: the legal ground on which "
            "the referral is shared."
        ),
        error_messages={"invalid_choice": _("Choose a legal exception in force from the list.")},
    )

    def __init__(self, *args, case, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_agency"].queryset = recipient_agencies(case, actor)
        self.fields["legal_exception"].queryset = sharing_exceptions(timezone.localdate())


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decline_reason = forms.ChoiceField(
        label=_("Why does your agency decline?"),
        choices=vocab.DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say why your agency declines the referral.")},
    )
    decline_note = forms.CharField(
        label=_("Other reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if you chose another reason. Do not write the person's name."),
    )
