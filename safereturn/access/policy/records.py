"""One record of a scoped queryset, or 404."""

from django.core.exceptions import ValidationError
from django.http import Http404


def object_for_actor(queryset, pk):
    """One object of a scoped queryset, or 404 — the same answer whether it does not exist or is out of scope."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
