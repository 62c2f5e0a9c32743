"""Editing the person behind a case, and consent after intake (pages and API)."""

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin
from safereturn.access.pages import with_actor
from safereturn.core import errors
from safereturn.core.access_marks import case_data_view
from safereturn.core.api import InputSerializer
from safereturn.core.page_actions import page_action
from safereturn.directory.models import AgencyType
from safereturn.geo.countries import is_country_code
from safereturn.geo.ethnicity import ethnic_group_code
from safereturn.geo.models import Commune, Province
from safereturn.geo.selectors import todays_units_for_legacy_commune

from . import case_page, reveal, services, vocab
from .forms import DATE_INPUT, PersonFieldsForm
from .models import Consent

PERSON_FIELDS = [
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
]


class PersonForm(PersonFieldsForm):
    """The person page: the intake's identity fields, plus the version being edited."""

    version = django_forms.IntegerField(widget=django_forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = vocab.Sex.choices
        province = self.data.get("home_province") or self.initial.get("home_province")
        if province:
            self.fields["home_commune"].queryset = Commune.objects.filter(province_id=province).order_by("name")

    def changes(self):
        data = dict(self.cleaned_data)
        data.pop("version")
        province, commune = data.pop("home_province"), data.pop("home_commune")
        data["home_province_id"] = province.pk if province else None
        data["home_commune_id"] = commune.pk if commune else None
        former = data.pop("former_commune")
        data.pop("former_province"), data.pop("former_district")
        data["home_former_commune_id"] = former.pk if former else None
        return data


class ConsentForm(django_forms.Form):
    processing = django_forms.BooleanField(
        label=gettext_lazy("The person agrees that their information is recorded and processed"), required=False
    )
    share_with = django_forms.MultipleChoiceField(
        label=gettext_lazy("The person agrees to sharing with"),
        required=False,
        widget=django_forms.CheckboxSelectMultiple,
    )
    given_on = django_forms.DateField(label=gettext_lazy("Date consent was given"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share_with"].choices = [(t.code, t.name) for t in AgencyType.objects.all()]

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise django_forms.ValidationError(_("The consent date cannot be in the future."))
        return value


def _person_initial(person):
    former = person.home_former_commune
    return {
        "version": person.version,
        "full_name": person.full_name,
        "other_names": person.other_names,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth,
        "birth_year": person.birth_year,
        "nationality": person.nationality,
        "ethnicity": person.ethnicity,
        "id_number": person.id_number,
        "phone": person.phone,
        "address": person.address,
        "home_province": person.home_province_id,
        "home_commune": person.home_commune_id,
        "former_province": former.legacy_district.legacy_province_id if former else None,
        "former_district": former.legacy_district_id if former else None,
        "former_commune": former.pk if former else None,
    }


@case_data_view
@with_actor
def person_edit(request, actor, case_id):
    """Editing shows identity in clear: it needs the reveal right and a reveal with the officer's own
    reason in the window (``cases.reveal``), like every other way out of identity; each opening is
    recorded."""
    case = policy.case_for_actor(actor, case_id)
    if not (policy.can_edit_case(actor, case) and policy.can_reveal_identity(actor, case)):
        raise PermissionDenied
    if not reveal.shown_on_page(request, actor, case):
        messages.error(request, _("The person's details are identity. Reveal the identity with a reason first."))
        return redirect(reverse("cases:detail", args=[case.pk]) + "#identity")
    form = PersonForm(request.POST or None, initial=_person_initial(case.person))
    if request.method == "GET":
        services.case_viewed(actor=actor, case=case, channel="person_edit")
    if request.method == "POST" and form.is_valid():
        saved = page_action(
            lambda: services.person_update(
                actor=actor, case=case, expected_version=form.cleaned_data["version"], changes=form.changes()
            ),
            form=form,
        )
        if saved:
            messages.success(request, _("The person's details were saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/person_edit.html", {"case": case, "form": form})


@case_data_view
@with_actor
def consent_add(request, actor, case_id):
    case = policy.case_for_actor(actor, case_id)
    if not policy.can_edit_case(actor, case):
        raise PermissionDenied
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consent_record(actor=actor, case=case, **form.cleaned_data)
        messages.success(request, _("The consent was recorded."))
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/consent_form.html", {"case": case, "form": form})


@case_data_view
@with_actor
def consent_withdraw(request, actor, case_id, consent_id):
    """Withdrawing a consent ends the access of the agencies that relied on it: the link from the case
    page leads here first (what the consent covers, who relies on it), and only the button withdraws."""
    case = policy.case_for_actor(actor, case_id)
    if request.method != "POST":
        consent, relying = services.consent_to_withdraw(actor=actor, case=case, consent_id=consent_id)
        fields = ("id", "processing", "given_on", "withdrawn_on", "share_with")
        (row,) = case_page.consent_rows([{name: getattr(consent, name) for name in fields}])
        return render(request, "cases/consent_withdraw.html", {"case": case, "consent": row, "relying": relying})
    done = services.consent_withdraw(actor=actor, case=case, consent_id=consent_id, withdrawn_on=timezone.localdate())
    if done:
        messages.warning(
            request, _("The consent was withdrawn: agencies that took part in the case only with it no longer do.")
        )
    return redirect("cases:detail", case_id=case.pk)


# ---- API -----------------------------------------------------------------------------------


class PersonSerializer(InputSerializer):
    """The person behind a case, masked unless ``?reveal=1`` with a reason header (see below)."""

    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField()
    full_name = serializers.CharField(max_length=150, required=False)
    other_names = serializers.CharField(max_length=150, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=vocab.Sex.choices, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900)
    nationality = serializers.CharField(max_length=2, required=False)
    ethnicity = serializers.CharField(max_length=50, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    home_province = serializers.IntegerField(required=False, allow_null=True, source="home_province_id")
    home_commune = serializers.IntegerField(required=False, allow_null=True, source="home_commune_id")
    former_commune = serializers.IntegerField(
        required=False,
        allow_null=True,
        source="home_former_commune_id",
        help_text="Commune code before 1 July 2025 (the residence as recorded with the former units)",
    )

    def validate_nationality(self, value):
        if not is_country_code(value):
            raise serializers.ValidationError(_("Enter a two-letter country code, for example VN or KH."))
        return value.upper()

    def validate_ethnicity(self, value):
        """A GSO code (01–54) or a group's name, stored as the code."""
        if not value:
            return ""
        code = ethnic_group_code(value)
        if code is None:
            raise serializers.ValidationError(_("Choose one of the 54 ethnic groups: its code (01–54) or its name."))
        return code

    def validate_date_of_birth(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def validate(self, attrs):
        province, commune = attrs.get("home_province_id"), attrs.get("home_commune_id")
        if commune and not Commune.objects.filter(pk=commune).exists():
            raise serializers.ValidationError({"home_commune": [_("Unknown commune.")]})
        former = attrs.get("home_former_commune_id")
        if former:
            # The former commune gives today's units (geo's conversion): they fill the residence not sent.
            today_province, today_commune = todays_units_for_legacy_commune(former)
            if today_province is None:
                raise serializers.ValidationError({"former_commune": [_("Unknown commune.")]})
            if province and province != today_province.pk:
                raise serializers.ValidationError(
                    {
                        "home_province": [
                            _("The former address is in %(province)s today: choose it, or leave the province empty.")
                            % {"province": today_province.name}
                        ]
                    }
                )
            if not province:
                attrs["home_province_id"] = province = today_province.pk
                if not commune:
                    attrs["home_commune_id"] = commune = today_commune.pk if today_commune else None
        if province and not Province.objects.filter(pk=province).exists():
            raise serializers.ValidationError({"home_province": [_("Unknown province.")]})
        if commune and province and not Commune.objects.filter(pk=commune, province_id=province).exists():
            raise serializers.ValidationError(
                {"home_commune": [_("This commune is not in the province of residence.")]}
            )
        return attrs


def _masked_person(person):
    return {
        "id": person.pk,
        "version": person.version,
        "full_name": policy.mask_name(person.full_name),
        "sex": person.sex,
        "birth_year": person.birth_year,
        "nationality": person.nationality,
        "ethnicity": person.ethnicity,
        "id_number": policy.mask_digits(person.id_number),
        "phone": policy.mask_digits(person.phone),
        "home_province": person.home_province_id,
        "home_commune": person.home_commune_id,
        "former_commune": person.home_former_commune_id,
    }


class CasePerson(CaseScopedMixin, APIView):
    """GET: the person, masked. PATCH: change details (with ``version``; identity values never logged)."""

    serializer_class = PersonSerializer

    @extend_schema(responses=PersonSerializer)
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.case_viewed(actor=request.actor, case=case, channel="api:person")
        return Response(_masked_person(case.person))

    @extend_schema(request=PersonSerializer, responses=PersonSerializer)
    def patch(self, request, case_id):
        case = self.get_case(case_id)
        if not (policy.can_edit_case(request.actor, case) and policy.can_reveal_identity(request.actor, case)):
            raise errors.Denied
        serializer = PersonSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version", None)
        if version is None:
            raise exceptions.ValidationError({"version": [_("Send the version you edited.")]})
        person = services.person_update(actor=request.actor, case=case, expected_version=version, changes=changes)
        return Response(_masked_person(person))


class ConsentSerializer(InputSerializer):
    id = serializers.IntegerField(read_only=True)
    processing = serializers.BooleanField()
    share_with = serializers.ListField(child=serializers.CharField(), required=False, source="share_with_list")
    given_on = serializers.DateField()
    withdrawn_on = serializers.DateField(read_only=True, allow_null=True)

    def validate_given_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The consent date cannot be in the future."))
        return value

    def validate_share_with(self, value):
        known = set(AgencyType.objects.values_list("code", flat=True))
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(_("Unknown agency types: %(codes)s") % {"codes": ", ".join(unknown)})
        return value


class CaseConsents(CaseScopedMixin, APIView):
    serializer_class = ConsentSerializer

    @extend_schema(responses=ConsentSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        return Response(ConsentSerializer(case.consents.all(), many=True).data)

    @extend_schema(request=ConsentSerializer, responses={201: ConsentSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_edit_case(request.actor, case):
            raise errors.Denied
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        consent = services.consent_record(
            actor=request.actor,
            case=case,
            processing=data["processing"],
            share_with=data.get("share_with_list", []),
            given_on=data["given_on"],
        )
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class CaseConsentWithdraw(CaseScopedMixin, APIView):
    serializer_class = ConsentSerializer

    @extend_schema(request=None, responses=ConsentSerializer)
    def post(self, request, case_id, consent_id):
        case = self.get_case(case_id)
        services.consent_withdraw(
            actor=request.actor, case=case, consent_id=consent_id, withdrawn_on=timezone.localdate()
        )
        consent = Consent.objects.filter(pk=consent_id, case=case).first()
        if consent is None:
            raise exceptions.NotFound()
        return Response(ConsentSerializer(consent).data)
