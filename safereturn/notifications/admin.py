"""The notices that reached nobody, for the administrators: what was to be told, about what, and to
which agency; marked dealt with once the agency has someone to tell."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import UnreachedNotice


@admin.register(UnreachedNotice)
class UnreachedNoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind_label", "object_type", "object_id", "agency_id", "roles", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "created_at",
        "kind",
        "params",
        "link",
        "object_type",
        "object_id",
        "agency_id",
        "roles",
        "resolved_at",
    ]
    actions = ["mark_resolved"]

    @admin.display(description=_("kind"))
    def kind_label(self, obj):
        return kinds.label_of(obj.kind)

    @admin.action(description=_("Mark as dealt with"))
    def mark_resolved(self, request, queryset):
        queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
