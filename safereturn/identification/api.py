"""Verification and identification API: the same policy, services, validation and audit as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.access.api import CaseScopedMixin
from safereturn.cases import reveal
from safereturn.cases import services as case_services
from safereturn.core import errors
from safereturn.core.api import InputSerializer

from . import permissions, selectors, services, vocab
from .models import IdentificationDecision
from .printing import FORMATS, PRINT_NEEDS_REVEAL, PRINTABLE, decision_document_response


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    assignee_agency = serializers.IntegerField(source="assignee_agency_id")
    assignee_agency_name = serializers.CharField(source="assignee_agency.name")
    partner_agency = serializers.IntegerField(source="partner_agency_id", allow_null=True)
    requested_by_agency = serializers.IntegerField(source="requested_by_agency_id")
    start_date = serializers.DateField()
    due_date = serializers.DateField()
    deadline_rule = serializers.IntegerField(source="deadline_rule_id", allow_null=True)
    version = serializers.IntegerField()
    findings = serializers.SerializerMethodField()
    sharing = serializers.SerializerMethodField(
        help_text="On what basis the assigned and partner agencies see the case: legal duty, consent or a legal "
        "exception, with its citation"
    )

    def get_findings(self, task) -> str:
        return reveal.text_or_mask(task.findings, self.context.get("show_text", False))

    def get_sharing(self, task) -> list[dict]:
        return selectors.task_sharing(task)


class TaskInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=vocab.TaskKind.choices)
    assignee_agency = serializers.IntegerField()
    partner_agency = serializers.IntegerField(required=False, allow_null=True)
    assignee_officer = serializers.IntegerField(required=False, allow_null=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    legal_exception = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A legal exception to consent in force (rules), for an agency that relies on consent when no "
        "consent in force covers it",
    )


class TaskActionSerializer(InputSerializer):
    action = serializers.ChoiceField(choices=[("start", "start"), ("complete", "complete"), ("cancel", "cancel")])
    version = serializers.IntegerField()
    findings = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class CaseVerificationTasks(CaseScopedMixin, APIView):
    serializer_class = TaskSerializer

    @extend_schema(responses=TaskSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.records_viewed(actor=request.actor, case=case, what="verification_tasks", channel="api")
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(TaskSerializer(selectors.case_tasks(case), many=True, context={"show_text": show_text}).data)

    @extend_schema(request=TaskInputSerializer, responses={201: TaskSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_assign_verification(request.actor, case):
            raise errors.Denied
        shape = TaskInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        task = services.verification_task_create(
            actor=request.actor,
            case=case,
            kind=data["kind"],
            assignee_agency_id=data["assignee_agency"],
            partner_agency_id=data.get("partner_agency"),
            assignee_officer_id=data.get("assignee_officer"),
            start_date=data.get("start_date"),
            due_date=data.get("due_date"),
            legal_exception_id=data.get("legal_exception"),
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class CaseVerificationTask(CaseScopedMixin, APIView):
    serializer_class = TaskSerializer

    def _task(self, case, task_id):
        return selectors.task_for_actor(self.request.actor, case, task_id)

    @extend_schema(responses=TaskSerializer)
    def get(self, request, case_id, task_id):
        case = self.get_case(case_id)
        task = self._task(case, task_id)
        services.records_viewed(actor=request.actor, case=case, what=f"verification_task:{task.pk}", channel="api")
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(TaskSerializer(task, context={"show_text": show_text}).data)

    @extend_schema(request=TaskActionSerializer, responses=TaskSerializer, operation_id="case_verification_task_action")
    def post(self, request, case_id, task_id):
        case = self.get_case(case_id)
        task = self._task(case, task_id)
        shape = TaskActionSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        if data["action"] == "start":
            task = services.verification_task_start(actor=request.actor, task=task, expected_version=data["version"])
        elif data["action"] == "complete":
            task = services.verification_task_complete(
                actor=request.actor, task=task, findings=data.get("findings", ""), expected_version=data["version"]
            )
        else:
            task = services.verification_task_cancel(actor=request.actor, task=task, expected_version=data["version"])
        # Findings just written are sent back to their author; otherwise the reveal rule applies.
        show_text = data["action"] == "complete" or reveal.shown_in_api(request.actor, case)
        return Response(TaskSerializer(task, context={"show_text": show_text}).data)


class TaskDueDateInputSerializer(InputSerializer):
    version = serializers.IntegerField(help_text="The task version you saw")
    due_date = serializers.DateField(help_text="The new due date; not in the past")
    reason = serializers.CharField(max_length=5000, help_text="Why the due date changes (kept as a case note)")


class CaseVerificationTaskDueDate(CaseScopedMixin, APIView):
    """Move a task's due date: supervisors of the assigning or the assigned agency. An overdue task goes back
    to what it was before; the assigned agency is notified."""

    serializer_class = TaskSerializer

    @extend_schema(request=TaskDueDateInputSerializer, responses=TaskSerializer)
    def post(self, request, case_id, task_id):
        case = self.get_case(case_id)
        task = selectors.task_for_actor(request.actor, case, task_id)
        if not permissions.can_change_task_due_date(request.actor, task):
            raise errors.Denied
        shape = TaskDueDateInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        task = services.verification_task_change_due_date(
            actor=request.actor,
            task=task,
            due_date=data["due_date"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(TaskSerializer(task, context={"show_text": show_text}).data)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()
    obtained_on = serializers.DateField()
    source_agency = serializers.IntegerField(source="source_agency_id", allow_null=True)
    documents = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()

    def get_documents(self, evidence) -> list[int]:
        return sorted(d.pk for d in evidence.documents.all())

    def get_description(self, evidence) -> str:
        return reveal.text_or_mask(evidence.description, self.context.get("show_text", False))


class EvidenceInputSerializer(InputSerializer):
    source = serializers.CharField(help_text="One of: " + ", ".join(vocab.EvidenceSource.values))
    obtained_on = serializers.DateField()
    description = serializers.CharField(max_length=10000)
    source_agency = serializers.IntegerField(required=False, allow_null=True)
    documents = serializers.ListField(child=serializers.IntegerField(), required=False)


class CaseEvidence(CaseScopedMixin, APIView):
    serializer_class = EvidenceSerializer

    @extend_schema(responses=EvidenceSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.records_viewed(actor=request.actor, case=case, what="evidence", channel="api")
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(
            EvidenceSerializer(selectors.case_evidence(case), many=True, context={"show_text": show_text}).data
        )

    @extend_schema(request=EvidenceInputSerializer, responses={201: EvidenceSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        if not policy.can_record_evidence(request.actor, case):
            raise errors.Denied
        shape = EvidenceInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        evidence = services.evidence_add(
            actor=request.actor,
            case=case,
            source=data["source"],
            obtained_on=data["obtained_on"],
            description=data["description"],
            source_agency_id=data.get("source_agency"),
            document_ids=data.get("documents", ()),
        )
        return Response(EvidenceSerializer(evidence, context={"show_text": True}).data, status=status.HTTP_201_CREATED)


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    document_number = serializers.CharField()
    deciding_agency = serializers.IntegerField(source="deciding_agency_id")
    decided_on = serializers.DateField()
    signer_name = serializers.CharField()
    signer_title = serializers.CharField()
    place = serializers.CharField()
    superseded = serializers.SerializerMethodField()
    basis = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()

    def get_superseded(self, decision) -> bool:
        return decision.superseded_at is not None

    def get_basis(self, decision) -> list[int]:
        return sorted(e.pk for e in decision.basis.all())

    def get_reason(self, decision) -> str:
        return reveal.text_or_mask(decision.reason, self.context.get("show_text", False))


class DecisionInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=vocab.DecisionKind.choices)
    version = serializers.IntegerField(required=False, help_text="The case version you saw (not for certificates)")
    decided_on = serializers.DateField()
    reason = serializers.CharField(max_length=10000)
    basis = serializers.ListField(child=serializers.IntegerField(), required=False)
    onward_help = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    signer_title = serializers.CharField(required=False, allow_blank=True, max_length=150)
    place = serializers.CharField(required=False, allow_blank=True, max_length=100)


class CaseDecisions(CaseScopedMixin, APIView):
    """GET: decisions and certificates. POST: an identification decision (moves the case) or a certificate of return."""

    serializer_class = DecisionSerializer

    @extend_schema(responses=DecisionSerializer(many=True))
    def get(self, request, case_id):
        case = self.get_case(case_id)
        services.records_viewed(actor=request.actor, case=case, what="decisions", channel="api")
        show_text = reveal.shown_in_api(request.actor, case)
        return Response(
            DecisionSerializer(selectors.case_decisions(case), many=True, context={"show_text": show_text}).data
        )

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
    def post(self, request, case_id):
        case = self.get_case(case_id)
        shape = DecisionInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = dict(shape.validated_data)
        common = {
            "decided_on": data["decided_on"],
            "reason": data["reason"],
            "signer_name": data.get("signer_name", ""),
            "signer_title": data.get("signer_title", ""),
            "place": data.get("place", ""),
        }
        if data["kind"] == vocab.DecisionKind.RETURN_CERTIFICATE:
            decision = services.return_certificate_issue(actor=request.actor, case=case, **common)
        else:
            if "version" not in data:
                raise exceptions.ValidationError({"version": [_("Send the version of the case you saw.")]})
            decision = services.identification_decide(
                actor=request.actor,
                case=case,
                kind=data["kind"],
                evidence_ids=data.get("basis", ()),
                expected_version=data["version"],
                onward_help=data.get("onward_help", ""),
                **common,
            )
        return Response(DecisionSerializer(decision, context={"show_text": True}).data, status=status.HTTP_201_CREATED)


class TransitionInputSerializer(InputSerializer):
    transition = serializers.ChoiceField(choices=[(n, n) for n in services.MANUAL_TRANSITIONS])
    version = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    # Closing with verification tasks still open: cancel them with the reason (else the close is refused).
    cancel_open_tasks = serializers.BooleanField(required=False, default=False)
    closure_reason = serializers.ChoiceField(
        choices=vocab.ClosureReason.choices,
        required=False,
        allow_blank=True,
        help_text="Closing: why, from the vocabulary (required to close)",
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Closing with support items still open: a supervisor's reason for closing anyway",
    )


class CaseStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    version = serializers.IntegerField()
    allowed_transitions = serializers.SerializerMethodField()

    def get_allowed_transitions(self, case) -> list[str]:
        return services.allowed_transitions(case)


class CaseTransition(CaseScopedMixin, APIView):
    serializer_class = CaseStatusSerializer

    @extend_schema(request=TransitionInputSerializer, responses=CaseStatusSerializer)
    def post(self, request, case_id):
        case = self.get_case(case_id)
        shape = TransitionInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = shape.validated_data
        case = services.case_transition(
            actor=request.actor,
            case=case,
            transition=data["transition"],
            expected_version=data["version"],
            reason=data.get("reason", ""),
            cancel_open_tasks=data["cancel_open_tasks"],
            closure_reason=data.get("closure_reason", ""),
            override_reason=data.get("override_reason", ""),
        )
        return Response(CaseStatusSerializer(case).data)


class QueueItemSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="task.pk")
    case = serializers.UUIDField(source="task.case_id")
    case_number = serializers.CharField(source="task.case.number")
    kind = serializers.CharField(source="task.kind")
    status = serializers.CharField(source="task.status")
    due_date = serializers.DateField(source="task.due_date")


class QueueSerializer(serializers.Serializer):
    overdue = QueueItemSerializer(many=True)
    due_today = QueueItemSerializer(many=True)
    due_this_week = QueueItemSerializer(many=True)


class VerificationQueue(CaseScopedMixin, APIView):
    """The agency's open verification tasks (``?scope=officer`` for the caller's own)."""

    serializer_class = QueueSerializer

    @extend_schema(responses=QueueSerializer)
    def get(self, request):
        scope = "officer" if request.query_params.get("scope") == "officer" else "agency"
        queues = selectors.work_queues(request.actor, scope=scope)
        services.records_viewed(
            actor=request.actor,
            case=None,
            what=f"work_queue:{scope}:{sum(len(v) for v in queues.values())}",
            channel="api",
        )
        return Response(QueueSerializer(queues).data)


class CaseDecisionDocument(CaseScopedMixin, APIView):
    """The confirming document or certificate of return of a decision, as `pdf` or `docx` (recorded as a print).
    It names the person: the right to reveal identity on the case and a reveal with a reason
    (``POST …/reveal/``) within the last minutes are needed; a refusal is recorded."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, case_id, decision_id, fmt):

        case = self.get_case(case_id)
        decision = IdentificationDecision.objects.filter(pk=decision_id, case=case, superseded_at__isnull=True).first()
        if decision is None or decision.kind not in PRINTABLE or fmt not in FORMATS:
            raise exceptions.NotFound()
        if not reveal.shown_in_api(request.actor, case):
            case_services.identity_refused(
                actor=request.actor, case=case, what=f"decision_print:{decision.pk}", channel="api"
            )
            if not policy.can_reveal_identity(request.actor, case):
                raise errors.Denied
            raise errors.Denied(PRINT_NEEDS_REVEAL)
        return decision_document_response(actor=request.actor, decision=decision, fmt=fmt)
