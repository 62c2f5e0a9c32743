"""Forms parse input; the services validate it against the case and the rules (one set of messages)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safereturn.cases.forms import DATE_INPUT
from safereturn.directory.forms import AgencyChoiceField
from safereturn.directory.models import Agency, ServiceType, User

from . import vocab
from .services import participating_agencies

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HELP = _("For example 05/03/2026.")


def _date(label, required=True, help_text=DATE_HELP):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=help_text,
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


def _text(label, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _radio(label, choices, required=True, initial=None):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=required, initial=initial)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name()


def _officers(case):
    """The officers of the agencies taking part in the case: who may be put in charge."""
    return OfficerChoiceField(
        label=_("Officer in charge"),
        queryset=User.objects.filter(memberships__agency__in=participating_agencies(case), memberships__is_active=True)
        .distinct()
        .order_by("full_name"),
        required=False,
        empty_label=_("— Anyone in the agency —"),
        help_text=_("An officer of the agency in charge; it shows in their own work queue."),
    )


def _agency(label, queryset, required=True):
    return AgencyChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        empty_label=_("— Choose —") if required else _("— None —"),
    )


class NeedsAssessmentForm(forms.Form):
    """One level and one note per domain; the health and psychological ones only for the staff who may
    read them (``readable``: the domains the officer may fill)."""

    assessed_on = _date(_("Date of the assessment"))
    wishes = _text(
        _("The person's wishes, in their own words"),
        required=True,
        help_text=_("What they want: go home, a shelter, work, school... Kept confidential."),
    )

    def __init__(self, *args, readable, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "health": _("Health"),
            "psychological": _("Psychological state"),
            "education": _("Education"),
            "skills": _("Skills and work"),
            "family": _("Family situation"),
            "safety": _("Safety"),
        }
        for domain in vocab.NEED_DOMAINS:
            if domain not in readable:
                continue
            self.fields[domain] = _radio(labels[domain], vocab.NeedLevel.choices, initial=vocab.NeedLevel.UNKNOWN)
            if domain == "education":
                self.fields["education_level"] = _radio(
                    _("Schooling completed"), vocab.EducationLevel.choices, initial=vocab.EducationLevel.UNKNOWN
                )
            if domain == "family":
                self.fields["family_situation"] = _radio(
                    _("Where can the person live?"), vocab.FamilySituation.choices, initial="unknown"
                )
            self.fields[f"{domain}_notes"] = _text(
                _("Notes on %(domain)s") % {"domain": str(labels[domain]).lower()}, rows=2
            )


class SupportPlanForm(forms.Form):
    goals = _text(_("Goals of the plan"), required=True, help_text=_("What the person wants to achieve, and by when."))
    starts_on = _date(_("Start date"))
    owner_agency = AgencyChoiceField(label=_("Agency in charge"), queryset=Agency.objects.none())
    person_agreed = forms.BooleanField(label=_("The person agrees with this plan"), required=False)
    agreed_on = _date(_("Date the person agreed"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"] = _agency(_("Agency in charge"), participating_agencies(case))
        self.fields["owner_officer"] = _officers(case)
        self.order_fields(["goals", "starts_on", "owner_agency", "owner_officer"])
        if case.age_group == "child":
            self.fields["child_wishes_heard_on"] = _date(_("Date the child's wishes were heard"))
            self.fields["child_wishes"] = _text(_("What the child said they wish"), required=True)
            self.fields["child_plan"] = _text(
                _("The child's own plan"), required=True, help_text=_("In the child's words: school, family, friends.")
            )


class PlanReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = _date(_("Date of the review"))
    notes = _text(_("What did the review find?"), required=True)
    status = _radio(_("The plan"), vocab.PlanStatus.choices, initial=vocab.PlanStatus.ACTIVE)


class PlanCloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = _radio(
        _("The plan is"),
        [(vocab.PlanStatus.COMPLETED, _("Completed: its goals are met")), (vocab.PlanStatus.CANCELLED, _("Cancelled"))],
    )
    closed_on = _date(_("Date"))
    reason = _text(
        _("Reason"),
        required=True,
        help_text=_("What the plan achieved, or why it is cancelled. Kept encrypted."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = _("Choose whether the plan is completed or cancelled.")
        self.fields["closed_on"].error_messages["required"] = _("Enter the date.")
        self.fields["reason"].error_messages["required"] = _("Give the reason.")


class PlannedServiceForm(forms.Form):
    service_type = _radio(_("Service"), ServiceType.choices)
    target_date = _date(_("Target date"))
    owner_agency = AgencyChoiceField(label=_("Agency in charge"), queryset=Agency.objects.none())
    owner_officer = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    details = _text(_("Details"), rows=2)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"] = _agency(_("Agency in charge"), participating_agencies(case))
        self.fields["owner_officer"] = _officers(case)


class ServiceStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=vocab.ServiceStatus.choices)


class EscortForm(forms.Form):
    escorted_on = _date(_("Date of the escort"))
    destination = _radio(_("Where was the child taken?"), vocab.EscortDestination.choices)
    receiver_name = forms.CharField(
        label=_("Name of the person who received the child"),
        max_length=200,
        help_text=_("Kept encrypted; shown only after a reveal with a reason."),
    )
    receiver_relationship = _radio(_("Their relationship to the child"), vocab.Relationship.choices)
    receiver_id_checked = _radio(_("Were their identity papers checked?"), [("yes", _("Yes")), ("no", _("No"))])
    receiving_organisation = AgencyChoiceField(
        label=_("Receiving organisation, if any"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— None —"),
        help_text=_("Agencies of the case's province and national ones."),
    )
    notes = _text(_("Notes"), rows=2)
    return_home = forms.BooleanField(
        label=_("This escort is the child's return home: schedule the follow-up visits"), required=False
    )
    follow_up_agency = AgencyChoiceField(
        label=_("Agency that follows up"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_agency"] = _agency(_("Agency that follows up"), participating_agencies(case), False)
        nearby = Q(province_id=case.province_id) | Q(jurisdiction_level="national")
        self.fields["receiving_organisation"].queryset = (
            Agency.objects.filter(nearby, is_active=True).select_related("province", "commune").order_by("name")
        )


class FamilyContactForm(forms.Form):
    contacted_on = _date(_("Date of the contact"))
    method = _radio(_("How was the family contacted?"), vocab.ContactMethod.choices)
    outcome = _radio(_("Outcome"), vocab.ContactOutcome.choices)
    notes = _text(_("Notes"), rows=2)


class ReturnForm(forms.Form):
    returned_on = _date(_("Date of the return"))
    place = _radio(_("Where did the person return?"), vocab.ReturnPlace.choices)
    follow_up_agency = AgencyChoiceField(label=_("Agency that follows up"), queryset=Agency.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_agency"] = _agency(_("Agency that follows up"), participating_agencies(case))


class FollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = _radio(
        _("What happened?"),
        [(s.value, s.label) for s in (vocab.VisitStatus.DONE, vocab.VisitStatus.MISSED, vocab.VisitStatus.CANCELLED)],
    )
    visited_on = _date(_("Date of the visit"), required=False, help_text=_("Leave empty for a cancelled visit."))
    organisation = forms.CharField(
        label=_("Organisation that visited, if not your agency"), max_length=200, required=False
    )
    findings = _text(_("Findings"), required=True, help_text=_("How the person is doing; kept confidential."))


class ReintegrationAssessmentForm(forms.Form):
    assessed_on = _date(_("Date of the assessment"))
    safety = forms.TypedChoiceField(
        label=_("Safety"), choices=vocab.DomainScore.choices, coerce=int, widget=forms.RadioSelect
    )
    income = forms.TypedChoiceField(
        label=_("Income and work"), choices=vocab.DomainScore.choices, coerce=int, widget=forms.RadioSelect
    )
    housing = forms.TypedChoiceField(
        label=_("Housing"), choices=vocab.DomainScore.choices, coerce=int, widget=forms.RadioSelect
    )
    health = forms.TypedChoiceField(
        label=_("Health"), choices=vocab.DomainScore.choices, coerce=int, widget=forms.RadioSelect
    )
    family = forms.TypedChoiceField(
        label=_("Family relations"), choices=vocab.DomainScore.choices, coerce=int, widget=forms.RadioSelect
    )
    community = forms.TypedChoiceField(
        label=_("Community acceptance"), choices=vocab.DomainScore.choices, coerce=int, widget=forms.RadioSelect
    )
    level = _radio(_("Overall"), vocab.ReintegrationLevel.choices)
    recommendation = _radio(_("Recommendation"), vocab.Recommendation.choices)
    notes = _text(_("Notes"), rows=2)

    def __init__(self, *args, readable, **kwargs):
        super().__init__(*args, **kwargs)
        for domain in vocab.REINTEGRATION_DOMAINS:
            if domain not in readable:  # the health score: health and social-support staff only
                del self.fields[domain]


class RetraffickingForm(forms.Form):
    new_case_number = forms.CharField(
        label=_("Number of the new case"), max_length=32, help_text=_("A case your agency may open.")
    )
    flagged_on = _date(_("Date"))
    notes = _text(_("Notes"), rows=2)
