"""Case API: the same policy, services, validation and audit as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin
from safereturn.core import errors, idempotency
from safereturn.core.api import FormInputSerializer, InputSerializer
from safereturn.geo.countries import is_country_code
from safereturn.geo.ethnicity import ethnic_group_code

from . import documents as case_documents
from . import duplicates, forms, reveal, selectors, services, vocab
from .models import Case
from .presenters import masked_person


class PersonMaskedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="case.person.pk")
    name = serializers.CharField()
    birth_year = serializers.IntegerField(source="case.person.birth_year", allow_null=True)
    sex = serializers.CharField(source="case.person.sex")
    id_number = serializers.CharField()
    phone = serializers.CharField()
    revealed = serializers.BooleanField()


class CaseSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    exploitation_forms = serializers.SerializerMethodField()
    recruitment_methods = serializers.SerializerMethodField()
    control_methods = serializers.SerializerMethodField()
    immediate_needs_met = serializers.SerializerMethodField()
    receiving_agency = serializers.CharField(source="receiving_agency.name")

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "status",
            "channel",
            "handover_place",
            "received_at",
            "reception_place",
            "receiving_agency",
            "responsible_agency",
            "province",
            "commune",
            "route",
            "destination_country",
            "exploitation_forms",
            "recruitment_methods",
            "control_methods",
            "accompanying_children",
            "immediate_needs_met",
            "risk_level",
            "person_sex",
            "age_group",
            "version",
            "person",
        ]

    def to_representation(self, case):
        """What DRF's field-by-field walk gives (``test_api_input`` holds the two equal for varied cases),
        written out: the list API draws fifty cases a page, and the walk over each field's source took
        longer than reading the cases."""
        return {
            "id": str(case.pk),
            "number": case.number,
            "status": case.status,
            "channel": case.channel,
            "handover_place": case.handover_place,
            "received_at": self.fields["received_at"].to_representation(case.received_at),
            "reception_place": case.reception_place,
            "receiving_agency": case.receiving_agency.name,
            "responsible_agency": case.responsible_agency_id,
            "province": case.province_id,
            "commune": case.commune_id,
            "route": case.route,
            "destination_country": case.destination_country,
            "exploitation_forms": vocab.decode_codes(case.exploitation_forms),
            "recruitment_methods": vocab.decode_codes(case.recruitment_methods),
            "control_methods": vocab.decode_codes(case.control_methods),
            "accompanying_children": case.accompanying_children,
            "immediate_needs_met": vocab.decode_codes(case.immediate_needs_met),
            "risk_level": case.risk_level,
            "person_sex": case.person_sex,
            "age_group": case.age_group,
            "version": case.version,
            "person": masked_person(case),
        }

    @extend_schema_field(PersonMaskedSerializer)
    def get_person(self, case) -> dict:
        return masked_person(case)

    def get_exploitation_forms(self, case) -> list[str]:
        return vocab.decode_codes(case.exploitation_forms)

    def get_recruitment_methods(self, case) -> list[str]:
        return vocab.decode_codes(case.recruitment_methods)

    def get_control_methods(self, case) -> list[str]:
        return vocab.decode_codes(case.control_methods)

    def get_immediate_needs_met(self, case) -> list[str]:
        return vocab.decode_codes(case.immediate_needs_met)


class IntakeInputSerializer(FormInputSerializer):
    """Intake over the API; validated by the intake page's form (``forms.IntakeForm``)."""

    form_class = forms.IntakeForm

    def form_kwargs(self):
        return {"agency": self.context["actor"].agency}

    def form_input(self, data):
        """An ethnic group may be given by its GSO code or by one of its names; the form takes the code."""
        if isinstance(data.get("ethnicity"), str) and data["ethnicity"]:
            data = {**data, "ethnicity": ethnic_group_code(data["ethnicity"]) or data["ethnicity"]}
        return data

    full_name = serializers.CharField(max_length=150)
    other_names = serializers.CharField(required=False, allow_blank=True, max_length=150)
    sex = serializers.ChoiceField(choices=vocab.Sex.choices)
    date_of_birth = serializers.CharField(required=False, max_length=10, help_text="dd/mm/yyyy or yyyy-mm-dd")
    birth_year = serializers.IntegerField(required=False)
    nationality = serializers.CharField(
        required=False, default="VN", max_length=2, help_text="ISO 3166-1 alpha-2 country code"
    )
    ethnicity = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="GSO code of one of the 54 groups (01-54), or its name",
    )
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    address = serializers.CharField(required=False, allow_blank=True, max_length=255)
    home_province = serializers.IntegerField(required=False)
    home_commune = serializers.IntegerField(required=False)
    former_commune = serializers.IntegerField(
        required=False,
        help_text="Commune code before 1 July 2025; today's province and commune of residence are resolved from it",
    )
    channel = serializers.ChoiceField(choices=vocab.Channel.choices)
    handover_place = serializers.ChoiceField(choices=vocab.HandoverPlace.choices, required=False)
    received_at = serializers.CharField(max_length=32, help_text="yyyy-mm-ddThh:mm or dd/mm/yyyy hh:mm")
    province = serializers.IntegerField()
    commune = serializers.IntegerField(required=False)
    reception_place = serializers.CharField(required=False, allow_blank=True, max_length=255)
    route = serializers.ChoiceField(choices=vocab.Route.choices)
    destination_country = serializers.CharField(required=False, allow_blank=True, max_length=2)
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.ExploitationForm.choices), required=False
    )
    recruitment_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.RecruitmentMethod.choices), required=False
    )
    control_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.ControlMethod.choices), required=False
    )
    circumstances = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    accompanying_children = serializers.IntegerField(required=False, default=0)
    accompanying_details = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Names, ages and relationships (kept encrypted)",
    )
    immediate_needs_met = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.ImmediateNeed.choices), required=False
    )
    risk_level = serializers.ChoiceField(choices=vocab.RiskLevel.choices)
    risk_notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    consent_processing = serializers.BooleanField(required=False, default=False)
    consent_share_with = serializers.ListField(child=serializers.CharField(max_length=60), required=False)
    consent_given_on = serializers.CharField(required=False, max_length=10)
    link_to_person = serializers.IntegerField(required=False)
    confirm_new_person = serializers.BooleanField(required=False, default=False)
    # With confirm_new_person: why this is a new person although possible earlier records were found.
    new_person_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    # Record the case and ask the agencies holding earlier records you may not see to confirm the match.
    ask_holding_agency = serializers.BooleanField(required=False, default=False)


IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    idempotency.HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique value (a UUID) chosen by the client for this intake. Sent again with the same body "
        "(a retry after a lost answer), it returns the case created the first time instead of a second one; "
        "with another body, 409. Remembered for SAFERETURN_IDEMPOTENCY_KEY_HOURS hours."
    ),
)


class CaseListCreate(CaseScopedMixin, generics.ListAPIView):
    """GET: the cases you may see (masked). POST: record an intake."""

    serializer_class = CaseSerializer
    scoped_in_parts = True

    def filter_scoped(self, queryset):
        form = forms.CaseFilterForm(self.request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        filters = {
            k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v not in (None, "") and k != "sort"
        }
        self._filters = filters
        sort = (form.cleaned_data.get("sort") if form.is_bound else None) or "-received"
        return selectors.case_list(self.request.actor, filters, sort, read="api")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        services.cases_listed(
            actor=request.actor, count=len(response.data.get("results", [])), filters=getattr(self, "_filters", {})
        )
        return response

    @extend_schema(
        request=IntakeInputSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: CaseSerializer},
    )
    def post(self, request):
        actor = request.actor
        if not policy.can_create_case(actor):
            raise errors.Denied
        key = idempotency.clean_key(request.headers.get(idempotency.HEADER))
        outcome = idempotency.run_once(
            user=request.user,
            scope="cases:intake",
            key=key,
            payload=request.data,
            action=lambda: self._intake(request),
        )
        if outcome.result is not None:  # nothing created: the question about a possible duplicate
            return outcome.result
        case = policy.case_for_actor(actor, outcome.result_id)
        headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
        return Response(CaseSerializer(case).data, status=outcome.status_code, headers=headers)

    def _intake(self, request):
        """Validate and record the intake: ``(case id, 201)``, or the 409 asking about a possible duplicate."""
        actor = request.actor
        serializer = IntakeInputSerializer(data=request.data, context={"actor": actor})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not (data.get("link_to_person") or data.get("confirm_new_person") or data.get("ask_holding_agency")):
            services.duplicate_check_permit(actor=actor)
            found = duplicates.find_candidates(
                full_name=data["full_name"],
                birth_year=data.get("birth_year")
                or (data["date_of_birth"].year if data.get("date_of_birth") else None),
                id_number=data.get("id_number", ""),
                phone=data.get("phone", ""),
            )
            shown, hidden = selectors.visible_duplicate_candidates(actor, found)
            services.duplicate_check_recorded(
                actor=actor, shown=len(shown), hidden=hidden, id_number_given=bool(data.get("id_number"))
            )
            if shown or hidden:
                return Response(
                    {
                        "detail": _(
                            "This person may already have a record. Send link_to_person, or confirm_new_person=true "
                            "with new_person_reason, or ask_holding_agency=true for records held elsewhere."
                        ),
                        "candidates": [
                            {
                                "person_id": c.person.pk,
                                "score": round(c.score),
                                "reasons": c.reasons,
                                "birth_year": c.person.birth_year,
                            }
                            for c in shown
                        ],
                        "held_elsewhere": hidden,
                    },
                    status=status.HTTP_409_CONFLICT,
                )
        intake_data = services.intake_data_from_form(data)
        if data.get("ask_holding_agency"):
            case, _requests = services.intake_record_asking_holder(actor=actor, data=intake_data)
        elif data.get("confirm_new_person"):
            case = services.intake_record_as_new_person(
                actor=actor, data=intake_data, reason=data.get("new_person_reason", "")
            )
        else:
            case = services.intake_record(actor=actor, data=intake_data)
        return idempotency.Created(case.pk, status.HTTP_201_CREATED)


class CaseUpdateSerializer(InputSerializer):
    version = serializers.IntegerField()
    route = serializers.ChoiceField(choices=vocab.Route.choices, required=False)
    destination_country = serializers.CharField(required=False, allow_blank=True, max_length=2)
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.ExploitationForm.choices), required=False
    )
    risk_level = serializers.ChoiceField(choices=vocab.RiskLevel.choices, required=False)
    reception_place = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def validate_destination_country(self, value):
        if value and not is_country_code(value):
            raise serializers.ValidationError(_("Enter a two-letter country code, for example VN or KH."))
        return value.upper()

    def validate(self, attrs):
        """A journey across the border names its country, after this change as before it."""
        case = self.context["case"]
        route = attrs.get("route", case.route)
        country = attrs.get("destination_country", case.destination_country)
        if route == vocab.Route.CROSS_BORDER and not country:
            raise serializers.ValidationError(
                {"destination_country": [_("Choose the country the person was taken to.")]}
            )
        return attrs


class CaseDetail(CaseScopedMixin, APIView):
    serializer_class = CaseSerializer

    @extend_schema(responses=CaseSerializer)
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.case_viewed(actor=request.actor, case=case, channel="api")
        return Response(CaseSerializer(case).data)

    @extend_schema(request=CaseUpdateSerializer, responses=CaseSerializer)
    def patch(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_edit_case(request.actor, case):
            raise errors.Denied
        serializer = CaseUpdateSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        if "exploitation_forms" in changes:
            changes["exploitation_forms"] = vocab.encode_codes(changes["exploitation_forms"])
        case = services.case_update(actor=request.actor, case=case, expected_version=version, changes=changes)
        return Response(CaseSerializer(case).data)


class RevealSerializer(InputSerializer):
    reason = serializers.CharField(min_length=10, max_length=500)


class IdentitySerializer(serializers.Serializer):
    full_name = serializers.CharField()
    other_names = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    id_number = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()


class CaseReveal(CaseScopedMixin, APIView):
    """Reveal the person's identity, with a reason that goes into the audit trail. For the next
    fifteen minutes (``policy.REVEAL_MINUTES``) the case's documents, printed decisions and officers'
    free text (notes, evidence descriptions, task findings, decision reasons) are open to you through
    the API as well; before that they are refused or carry a placeholder."""

    serializer_class = IdentitySerializer

    @extend_schema(request=RevealSerializer, responses=IdentitySerializer)
    def post(self, request, case_id):
        case = self.get_case(case_id)
        serializer = RevealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.identity_reveal(actor=request.actor, case=case, reason=serializer.validated_data["reason"])
        return Response(IdentitySerializer(case.person).data)


class EventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    agency = serializers.CharField(source="agency.name", allow_null=True)
    data = serializers.JSONField()


class CaseTimeline(CaseScopedMixin, APIView):
    serializer_class = EventSerializer

    @extend_schema(responses=EventSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.case_viewed(actor=request.actor, case=case, channel="api:timeline")
        return Response(EventSerializer(selectors.case_timeline(request.actor, case)[:200], many=True).data)


class NoteSerializer(InputSerializer):
    """A note; its text (free text that may name the person) only after the reveal (``cases.reveal``),
    else a placeholder."""

    id = serializers.IntegerField(read_only=True)
    category = serializers.ChoiceField(choices=vocab.NoteCategory.choices)
    body = serializers.CharField(max_length=5000)
    agency = serializers.CharField(source="agency.name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, note):
        data = super().to_representation(note)
        data["body"] = reveal.text_or_mask(data["body"], self.context.get("show_text", False))
        return data


class CaseNotes(CaseScopedMixin, APIView):
    serializer_class = NoteSerializer

    @extend_schema(responses=NoteSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.case_viewed(actor=request.actor, case=case, channel="api:notes")
        show_text = reveal.shown_in_api(request.actor, case)
        notes = selectors.case_notes(request.actor, case)
        return Response(NoteSerializer(notes, many=True, context={"show_text": show_text}).data)

    @extend_schema(request=NoteSerializer, responses={201: NoteSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.note_add(actor=request.actor, case=case, **serializer.validated_data)
        # The author's own text, sent back as written.
        return Response(NoteSerializer(note, context={"show_text": True}).data, status=status.HTTP_201_CREATED)


class LinkPersonSerializer(InputSerializer):
    person_id = serializers.IntegerField()
    version = serializers.IntegerField()


class CaseLinkPerson(CaseScopedMixin, APIView):
    """Attach this case to an earlier record of the same person."""

    serializer_class = CaseSerializer

    @extend_schema(request=LinkPersonSerializer, responses=CaseSerializer)
    def post(self, request, case_id):
        case = self.get_case(case_id)
        serializer = LinkPersonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.person_link_case(
            actor=request.actor,
            case=case,
            person_id=serializer.validated_data["person_id"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(CaseSerializer(case).data)


# ---- documents -------------------------------------------------------------------------------


class DocumentSerializer(serializers.Serializer):
    """A document's facts; never its original name (that identifies) nor its content."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    created_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        return reverse("api:case-document", args=[document.case_id, document.pk])


class DocumentUploadSerializer(InputSerializer):
    kind = serializers.ChoiceField(
        choices=vocab.DocumentKind.choices,
        error_messages={"required": gettext_lazy("Choose what kind of document this is.")},
    )
    file = serializers.FileField(
        error_messages={
            "required": gettext_lazy("Choose a file to add."),
            "empty": gettext_lazy("The file is empty."),
            "invalid": gettext_lazy("No file was received. Send it as multipart/form-data in the field 'file'."),
        }
    )


class CaseDocuments(CaseScopedMixin, APIView):
    """GET: the case's documents. POST (multipart/form-data: kind, file): add one, stored encrypted."""

    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DocumentSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.case_viewed(actor=request.actor, case=case, channel="api:documents")
        rows = case.documents.select_related("agency").order_by("-created_at", "-id")
        return Response(DocumentSerializer(rows, many=True).data)

    @extend_schema(request={"multipart/form-data": DocumentUploadSerializer}, responses={201: DocumentSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_edit_case(request.actor, case):
            raise errors.Denied
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_add(
            actor=request.actor,
            case=case,
            kind=serializer.validated_data["kind"],
            uploaded_file=serializer.validated_data["file"],
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class CaseDocumentDownload(CaseScopedMixin, APIView):
    """The decrypted file as an attachment under a neutral name (recorded as an export). Every
    document may carry the person's identity: it takes the right to reveal identity on the case and
    a reveal with a reason (``POST …/reveal/``) within the last minutes; a refusal is recorded."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, case_id, document_id):
        case = self.get_case(case_id)
        document, data, filename = services.document_open(
            actor=request.actor,
            case=case,
            document_id=document_id,
            revealed=reveal.shown_in_api(request.actor, case),
            channel="api",
        )
        return case_documents.attachment_response(document, data, filename)
