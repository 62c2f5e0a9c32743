"""Tip and register API: the same policy, forms, services and audit as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import HasCaseRole
from safereturn.cases.vocab import Sex
from safereturn.core import errors
from safereturn.core.api import FormInputSerializer

from . import forms, selectors, services, vocab
from .presenters import present_tip


def _filters(form):
    """The list's filters from its form, or a 400 with the form's messages."""
    if not form.is_bound:
        return {}
    if not form.is_valid():
        raise DjangoValidationError(form.errors.as_data())
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}


class ActorFormInput(FormInputSerializer):
    """An input validated by a page's form that takes the acting officer (``context["actor"]``)."""

    def form_kwargs(self):
        return {"actor": self.context["actor"]}


class TipSerializer(serializers.Serializer):
    """A tip with names masked; what was reported is never listed (see the reveal endpoint)."""

    id = serializers.UUIDField()
    number = serializers.CharField()
    received_at = serializers.DateTimeField()
    source = serializers.ChoiceField(choices=vocab.Source.choices)
    suspected_pathway = serializers.ChoiceField(choices=vocab.Pathway.choices)
    receiving_agency = serializers.IntegerField(source="receiving_agency_id")
    receiving_agency_name = serializers.CharField(source="receiving_agency.name")
    province = serializers.IntegerField(source="province_id")
    commune = serializers.IntegerField(source="commune_id", allow_null=True)
    priority = serializers.ChoiceField(choices=vocab.Priority.choices)
    status = serializers.ChoiceField(choices=vocab.TipStatus.choices)
    forwarded_to = serializers.IntegerField(source="forwarded_to_id", allow_null=True)
    linked_case = serializers.UUIDField(source="linked_case_id", allow_null=True)
    close_reason = serializers.CharField()
    version = serializers.IntegerField()
    subject_name = serializers.SerializerMethodField()
    reporter_name = serializers.SerializerMethodField()
    reporter_contact = serializers.SerializerMethodField()

    def get_subject_name(self, tip) -> str:
        return present_tip(tip, revealed=False).subject_name

    def get_reporter_name(self, tip) -> str:
        return present_tip(tip, revealed=False).reporter_name

    def get_reporter_contact(self, tip) -> str:
        return present_tip(tip, revealed=False).reporter_contact


class TipIdentitySerializer(serializers.Serializer):
    subject_name = serializers.CharField()
    reporter_name = serializers.CharField()
    reporter_contact = serializers.CharField()
    summary = serializers.CharField()
    close_note = serializers.CharField()


class TipInputSerializer(FormInputSerializer):
    """Recording a tip; validated by the page's form (``forms.TipForm``)."""

    form_class = forms.TipForm

    def form_kwargs(self):
        return {"agency": self.context["actor"].agency}

    received_at = serializers.CharField(max_length=32, help_text="yyyy-mm-ddThh:mm or dd/mm/yyyy hh:mm")
    source = serializers.ChoiceField(choices=vocab.Source.choices)
    suspected_pathway = serializers.ChoiceField(choices=vocab.Pathway.choices, required=False)
    province = serializers.IntegerField()
    commune = serializers.IntegerField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=vocab.Priority.choices, required=False)
    summary = serializers.CharField(max_length=5000)
    subject_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    reporter_contact = serializers.CharField(required=False, allow_blank=True, max_length=150)


class TipEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField(source="occurred_at")
    agency = serializers.CharField(source="agency.name", allow_null=True)
    data = serializers.JSONField()


class TipScoped:
    """Tip endpoints: case roles only, and one tip only through ``policy.tip_for_actor``."""

    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    def get_tip(self, tip_id):
        return policy.tip_for_actor(self.request.actor, tip_id)

    def get_handled_tip(self, tip_id):
        tip = self.get_tip(tip_id)
        if not policy.handles_tip(self.request.actor, tip):
            raise errors.Denied(_("Only the agency holding this tip can act on it."))
        return tip


TIP_FILTERS = [
    OpenApiParameter("q", str, description="Tip number (TB-…) or name of the person concerned"),
    OpenApiParameter("status", str, enum=list(vocab.TipStatus.values)),
    OpenApiParameter("source", str, enum=list(vocab.Source.values)),
    OpenApiParameter("priority", str, enum=list(vocab.Priority.values)),
]


class TipListCreate(TipScoped, generics.ListAPIView):
    """GET: the tips you may see (names masked). POST: record a tip."""

    serializer_class = TipSerializer
    access_policy = "case_data"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no data
            return policy.visible_tips(None)
        self._filters = _filters(forms.TipFilterForm(self.request.query_params or None))
        return selectors.tip_list(self.request.actor, self._filters)

    @extend_schema(parameters=TIP_FILTERS)
    def get(self, request, *args, **kwargs):
        response = self.list(request, *args, **kwargs)
        services.tips_listed(actor=request.actor, count=len(response.data["results"]), filters=self._filters)
        return response

    @extend_schema(request=TipInputSerializer, responses={201: TipSerializer})
    def post(self, request):
        if not policy.can_receive_tip(request.actor):
            raise errors.Denied
        serializer = TipInputSerializer(data=request.data, context={"actor": request.actor})
        serializer.is_valid(raise_exception=True)
        tip = services.tip_register(actor=request.actor, data=services.tip_data_from_form(serializer.validated_data))
        return Response(TipSerializer(tip).data, status=status.HTTP_201_CREATED)


class TipDetail(TipScoped, APIView):
    """One tip, names masked. Every read is recorded."""

    serializer_class = TipSerializer
    access_policy = "case_data"

    @extend_schema(responses=TipSerializer)
    def get(self, request, tip_id):
        tip = self.get_tip(tip_id)
        services.tip_viewed(actor=request.actor, tip=tip, channel="api")
        return Response(TipSerializer(tip).data)


class TipTimeline(TipScoped, APIView):
    """The tip's timeline (no identity data). A read of the tip, so recorded too."""

    serializer_class = TipEventSerializer
    access_policy = "case_data"

    @extend_schema(responses=TipEventSerializer(many=True))
    def get(self, request, tip_id):
        tip = self.get_tip(tip_id)
        services.tip_viewed(actor=request.actor, tip=tip, channel="api:timeline")
        return Response(TipEventSerializer(selectors.tip_timeline(request.actor, tip)[:200], many=True).data)


class TipTriageSerializer(FormInputSerializer):
    form_class = forms.TriageForm

    version = serializers.IntegerField()
    priority = serializers.ChoiceField(choices=vocab.Priority.choices)


class TipForwardSerializer(ActorFormInput):
    form_class = forms.ForwardForm

    def form_kwargs(self):
        return {"actor": self.context["actor"], "tip": self.context["tip"]}

    version = serializers.IntegerField()
    to_agency = serializers.IntegerField(help_text="Agency id (see /api/agencies/)")


class TipLinkCaseSerializer(ActorFormInput):
    form_class = forms.LinkCaseForm

    version = serializers.IntegerField()
    case_number = serializers.CharField(max_length=32)


class TipCloseSerializer(FormInputSerializer):
    form_class = forms.CloseForm

    version = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=vocab.CloseReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TipAction(TipScoped, APIView):
    """One step of a tip's life. Subclasses name the input serializer and the service call."""

    serializer_class = TipSerializer
    access_policy = "case_data"
    input_serializer = None

    def change(self, actor, tip, data):
        raise NotImplementedError

    def post(self, request, tip_id):
        tip = self.get_handled_tip(tip_id)
        serializer = self.input_serializer(data=request.data, context={"actor": request.actor, "tip": tip})
        serializer.is_valid(raise_exception=True)
        tip = self.change(request.actor, tip, serializer.validated_data)
        return Response(TipSerializer(tip).data)


class TipTriage(TipAction):
    """Set the priority; the tip is then triaged."""

    access_policy = "case_data"
    input_serializer = TipTriageSerializer

    def change(self, actor, tip, data):
        return services.tip_triage(actor=actor, tip=tip, expected_version=data["version"], priority=data["priority"])

    @extend_schema(request=TipTriageSerializer, responses=TipSerializer)
    def post(self, request, tip_id):
        return super().post(request, tip_id)


class TipForward(TipAction):
    """Forward to the competent agency, which can then see and work the tip."""

    access_policy = "case_data"
    input_serializer = TipForwardSerializer

    def change(self, actor, tip, data):
        return services.tip_forward(actor=actor, tip=tip, expected_version=data["version"], to_agency=data["to_agency"])

    @extend_schema(request=TipForwardSerializer, responses=TipSerializer)
    def post(self, request, tip_id):
        return super().post(request, tip_id)


class TipLinkCase(TipAction):
    """Link to the case the tip led to (a case you can open)."""

    access_policy = "case_data"
    input_serializer = TipLinkCaseSerializer

    def change(self, actor, tip, data):
        return services.tip_link_case(actor=actor, tip=tip, expected_version=data["version"], case=data["case"])

    @extend_schema(request=TipLinkCaseSerializer, responses=TipSerializer)
    def post(self, request, tip_id):
        return super().post(request, tip_id)


class TipClose(TipAction):
    """Close with a reason (and a note when the reason is 'other')."""

    access_policy = "case_data"
    input_serializer = TipCloseSerializer

    def change(self, actor, tip, data):
        return services.tip_close(
            actor=actor, tip=tip, expected_version=data["version"], reason=data["reason"], note=data["note"]
        )

    @extend_schema(request=TipCloseSerializer, responses=TipSerializer)
    def post(self, request, tip_id):
        return super().post(request, tip_id)


class TipRevealSerializer(FormInputSerializer):
    form_class = forms.RevealForm

    reason = serializers.CharField(min_length=10, max_length=500)


class TipReveal(TipScoped, APIView):
    """Names, contact and what was reported, with a reason that goes into the audit trail."""

    serializer_class = TipIdentitySerializer
    access_policy = "case_data"

    @extend_schema(request=TipRevealSerializer, responses=TipIdentitySerializer)
    def post(self, request, tip_id):
        tip = self.get_handled_tip(tip_id)
        serializer = TipRevealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.tip_reveal(actor=request.actor, tip=tip, reason=serializer.validated_data["reason"])
        return Response(TipIdentitySerializer(present_tip(tip, revealed=True)).data)


# ---- the commune register ---------------------------------------------------------------------


class RegisterEntrySerializer(serializers.Serializer):
    """A register entry with the name masked; circumstances are not listed."""

    id = serializers.UUIDField()
    commune = serializers.IntegerField(source="commune_id")
    province = serializers.IntegerField(source="province_id")
    category = serializers.ChoiceField(choices=vocab.RegisterCategory.choices)
    name = serializers.SerializerMethodField()
    birth_year = serializers.IntegerField(allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices)
    since = serializers.DateField()
    status = serializers.ChoiceField(choices=vocab.RegisterStatus.choices)
    linked_tip = serializers.UUIDField(source="linked_tip_id", allow_null=True)
    linked_case = serializers.UUIDField(source="linked_case_id", allow_null=True)
    recording_agency = serializers.IntegerField(source="recording_agency_id")
    version = serializers.IntegerField()

    def get_name(self, entry) -> str:
        return policy.mask_name(entry.full_name)


# Inputs name their values in prose: one component per choice set keeps the schema's enum names stable
# ("status" and "category" are also case fields). The form validates them.
CATEGORY_HELP = "One of: " + ", ".join(vocab.RegisterCategory.values)
STATUS_HELP = "One of: " + ", ".join(vocab.RegisterStatus.values)


class RegisterEntryInputSerializer(ActorFormInput):
    """A new register entry; validated by the page's form (``forms.RegisterEntryForm``)."""

    form_class = forms.RegisterEntryForm

    commune = serializers.IntegerField()
    category = serializers.CharField(max_length=32, help_text=CATEGORY_HELP)
    full_name = serializers.CharField(max_length=150)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    since = serializers.CharField(max_length=10, help_text="dd/mm/yyyy or yyyy-mm-dd")
    circumstances = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    status = serializers.CharField(required=False, max_length=32, help_text=STATUS_HELP)
    linked_tip_number = serializers.CharField(required=False, allow_blank=True, max_length=32)


class RegisterEntryUpdateSerializer(ActorFormInput):
    """A change of some fields: the page's form validates the entry as it will be (the current values
    of the entry, ``context["current"]``, with the body's on top)."""

    form_class = forms.RegisterEntryEditForm

    def form_input(self, data):
        return {**self.context["current"], **data}

    version = serializers.IntegerField()
    category = serializers.CharField(required=False, max_length=32, help_text=CATEGORY_HELP)
    full_name = serializers.CharField(required=False, max_length=150)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    since = serializers.CharField(required=False, max_length=10, help_text="dd/mm/yyyy or yyyy-mm-dd")
    circumstances = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    status = serializers.CharField(required=False, max_length=32, help_text=STATUS_HELP)
    linked_tip_number = serializers.CharField(required=False, allow_blank=True, max_length=32)


REGISTER_FILTERS = [
    OpenApiParameter("commune", int, description="Commune code"),
    OpenApiParameter("category", str, enum=list(vocab.RegisterCategory.values)),
    OpenApiParameter("status", str, enum=list(vocab.RegisterStatus.values)),
    OpenApiParameter("q", str, description="Name"),
]


class RegisterScoped:
    permission_classes = [HasCaseRole]
    access_policy = "case_data"

    def get_entry(self, entry_id):
        entry = policy.register_entry_for_actor(self.request.actor, entry_id)
        if not policy.can_keep_register(self.request.actor, entry.commune):
            raise errors.Denied
        return entry


class RegisterListCreate(RegisterScoped, generics.ListAPIView):
    """GET: register entries of the communes your agency covers (names masked). POST: add a person."""

    serializer_class = RegisterEntrySerializer
    access_policy = "case_data"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return policy.visible_register_entries(None)
        self._filters = _filters(forms.RegisterFilterForm(self.request.query_params or None, actor=self.request.actor))
        return selectors.register_list(self.request.actor, self._filters)

    @extend_schema(parameters=REGISTER_FILTERS)
    def get(self, request, *args, **kwargs):
        response = self.list(request, *args, **kwargs)
        filters = {k: (v.pk if k == "commune" else v) for k, v in self._filters.items()}
        services.register_listed(actor=request.actor, count=len(response.data["results"]), filters=filters)
        return response

    @extend_schema(request=RegisterEntryInputSerializer, responses={201: RegisterEntrySerializer})
    def post(self, request):
        serializer = RegisterEntryInputSerializer(data=request.data, context={"actor": request.actor})
        serializer.is_valid(raise_exception=True)
        data = services.register_data_from_form(serializer.validated_data)
        entry = services.register_entry_add(actor=request.actor, data=data)
        return Response(RegisterEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class RegisterEntryDetail(RegisterScoped, APIView):
    serializer_class = RegisterEntrySerializer
    access_policy = "case_data"

    @extend_schema(request=RegisterEntryUpdateSerializer, responses=RegisterEntrySerializer)
    def patch(self, request, entry_id):
        """Change some fields; the rest keep their values. The same rules as the page apply to the result."""
        entry = self.get_entry(entry_id)
        current = {
            "category": entry.category,
            "full_name": entry.full_name,
            "birth_year": entry.birth_year,
            "sex": entry.sex,
            "since": entry.since.isoformat(),
            "circumstances": entry.circumstances,
            "status": entry.status,
            "linked_tip_number": entry.linked_tip.number if entry.linked_tip_id else "",
        }
        serializer = RegisterEntryUpdateSerializer(
            data=request.data, context={"actor": request.actor, "current": current}
        )
        serializer.is_valid(raise_exception=True)
        data, sent = dict(serializer.validated_data), request.data
        version = data.pop("version")
        changes = {name: data[name] for name in services.REGISTER_EDITABLE if name in data and name in sent}
        if "linked_tip_number" in sent:
            changes["linked_tip_id"] = data["linked_tip"].pk if data.get("linked_tip") else None
        entry = services.register_entry_update(
            actor=request.actor, entry=entry, expected_version=version, changes=changes
        )
        return Response(RegisterEntrySerializer(entry).data)


class RegisterLinkCaseSerializer(ActorFormInput):
    form_class = forms.RegisterLinkCaseForm

    version = serializers.IntegerField()
    case_number = serializers.CharField(max_length=32)


class RegisterEntryLinkCase(RegisterScoped, APIView):
    """Link an entry to the case of the person once found or returned."""

    serializer_class = RegisterEntrySerializer
    access_policy = "case_data"

    @extend_schema(request=RegisterLinkCaseSerializer, responses=RegisterEntrySerializer)
    def post(self, request, entry_id):
        entry = self.get_entry(entry_id)
        serializer = RegisterLinkCaseSerializer(data=request.data, context={"actor": request.actor})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.register_entry_link_case(
            actor=request.actor, entry=entry, expected_version=data["version"], case=data["case"]
        )
        return Response(RegisterEntrySerializer(entry).data)
