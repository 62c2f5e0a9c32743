"""Evidence (chứng cứ) typed by the nine sources of the 2024 law, with attachments of the case."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.cases.models import CaseDocument, CaseEvent
from safereturn.core import errors

from .. import vocab
from ..models import Evidence
from .tasks import active_agency


@transaction.atomic
def evidence_add(*, actor, case, source, obtained_on, description, source_agency_id=None, document_ids=()):
    if not policy.can_record_evidence(actor, case):
        raise errors.Denied
    problems = {}
    if source not in vocab.EvidenceSource.values:
        problems["source"] = [_("Choose where the evidence comes from.")]
    if obtained_on is None:
        problems["obtained_on"] = [_("Enter the date of the evidence.")]
    elif obtained_on > timezone.localdate():
        problems["obtained_on"] = [_("The date of the evidence cannot be in the future.")]
    if not (description or "").strip():
        problems["description"] = [_("Describe the evidence.")]
    source_agency = active_agency(source_agency_id)
    if source_agency_id not in (None, "") and source_agency is None:
        problems["source_agency"] = [_("Choose an agency from the directory.")]
    document_ids = {int(d) for d in document_ids or () if str(d).isdigit()}
    documents = list(CaseDocument.objects.filter(case=case, pk__in=document_ids))
    if len(documents) != len(document_ids):
        problems["documents"] = [_("Attach only documents of this case.")]
    if problems:
        raise ValidationError(problems)
    evidence = Evidence.objects.create(
        case=case,
        source=source,
        obtained_on=obtained_on,
        source_agency=source_agency,
        description=description.strip(),
        recorded_by=actor.user,
        recorded_by_agency=actor.agency,
    )
    evidence.documents.set(documents)
    record(
        actor,
        AuditAction.CREATE,
        object_type="evidence",
        object_id=evidence.pk,
        details={"case": str(case.pk), "source": source, "documents": sorted(document_ids)},
        event=CaseEvent.build(
            case, vocab.TimelineKind.EVIDENCE_RECORDED, actor, subject="evidence", evidence=evidence.pk, source=source
        ),
    )
    return evidence
