"""Files of a case, sealed at rest: adding one, and opening one (an export in the audit trail) under the
reveal rule (``cases.reveal``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core import errors

from .. import documents, vocab
from ..models import CaseDocument, CaseEvent
from .reads import identity_refused


def document_add(*, actor, case, kind, uploaded_file):
    """Add a file to a case, sealed at rest. Bad input raises ``ValidationError`` and stores nothing.

    The sealed file is written first, then the row, timeline event and audit event in one
    transaction; if that transaction fails the file is deleted again.
    """
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    if kind not in vocab.DocumentKind.values:
        raise ValidationError({"kind": [_("Choose what kind of document this is.")]})
    checked = documents.check_upload(uploaded_file)
    storage_name = documents.store_sealed(checked.data)
    try:
        with transaction.atomic():
            document = CaseDocument.objects.create(
                case=case,
                kind=kind,
                original_name=checked.name,
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=checked.sha256,
                storage_name=storage_name,
                uploaded_by=actor.user,
                agency=actor.agency,
            )
            record(
                actor,
                AuditAction.CREATE,
                object_type="case_document",
                object_id=document.pk,
                details={"case": str(case.pk), "kind": kind, "size": document.size, "sha256": checked.sha256},
                event=CaseEvent.build(
                    case, vocab.EventKind.DOCUMENT_ADDED, actor, document=document.pk, document_kind=kind
                ),
            )
    except BaseException:
        documents.delete_quietly(storage_name)
        raise
    return document


def document_may_open(actor, case, document):
    """Whether the actor may ever open the case's documents: every document may carry the person's
    identity (an intake record names them), so it takes the right to reveal identity on the case."""
    return policy.can_reveal_identity(actor, case)


class RevealNeeded(errors.Denied):
    """The officer may reveal identity on the case but has not given a reason (recently)."""

    default_message = _(
        "Documents carry the person's identity. Reveal the identity with a reason first, then download the document."
    )


def document_open(*, actor, case, document_id, revealed, channel="web"):
    """The clear bytes of a document of a case the caller already resolved through the policy.

    Every document needs the right to reveal identity and a reveal in force (``revealed``: the
    caller's answer from ``cases.reveal``); a refusal is recorded, every read is an export in the
    audit trail. The file is served under a neutral name, never the name it was uploaded with.
    Returns ``(document, data, filename)``.
    """
    document = CaseDocument.objects.filter(case=case, pk=document_id).select_related("case").first()
    if document is None:
        raise errors.NotFound
    if not document_may_open(actor, case, document):
        identity_refused(actor=actor, case=case, what=f"case_document:{document.pk}", channel=channel)
        raise errors.Denied(_("Your role may not open the documents of this case: they carry the person's identity."))
    if not revealed:
        identity_refused(actor=actor, case=case, what=f"case_document:{document.pk}", channel=channel)
        raise RevealNeeded
    data = documents.open_document(document)
    record(
        actor,
        AuditAction.EXPORT,
        object_type="case_document",
        object_id=document.pk,
        details={"case": str(case.pk), "kind": document.kind, "via": channel},
    )
    return document, data, documents.download_name(document)
