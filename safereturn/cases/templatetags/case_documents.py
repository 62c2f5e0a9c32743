"""The Documents section of the case page, drawn from the case the page already resolved."""

from django import template

from safereturn.cases import documents
from safereturn.cases.forms import DocumentForm

register = template.Library()


@register.inclusion_tag("cases/_documents.html", takes_context=True)
def case_documents(context):
    """Needs ``case``, ``revealed``, ``can_reveal`` and ``can_edit`` from the case page's context."""
    case = context["case"]
    revealed, can_reveal = bool(context.get("revealed")), bool(context.get("can_reveal"))
    queryset = case.documents.select_related("agency").order_by("-created_at", "-id")
    if not revealed:  # the name is not shown: do not even decrypt it
        queryset = queryset.defer("original_name")
    rows = []
    for document in queryset:
        rows.append(
            {
                "document": document,
                "name": document.original_name if revealed else "",
                "may_open": can_reveal or document.kind not in documents.IDENTITY_KINDS,
            }
        )
    return {
        "case": case,
        "rows": rows,
        "revealed": revealed,
        "can_edit": bool(context.get("can_edit")),
        "form": DocumentForm() if context.get("can_edit") else None,
        "csrf_token": context.get("csrf_token"),
    }
