"""Rules are edited in the admin; every change writes a ``RuleChange`` (before/after) and an audit event."""

from django.contrib import admin
from django.forms.models import model_to_dict
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from safereturn.audit.models import AuditAction
from safereturn.directory.audit import audit_record_for_request

from .models import (
    AgencyCompetenceRule,
    DeadlineRule,
    EmergencyAccessRule,
    MatchRequestRule,
    PublicHoliday,
    RuleChange,
    SharingException,
    SharingRule,
)


def _snapshot(obj):
    return {k: (str(v) if v is not None else None) for k, v in model_to_dict(obj).items() if k != "id"}


class RuleHistoryAdmin(admin.ModelAdmin):
    readonly_fields = ["updated_at", "change_history"]
    list_filter = ["verified"]

    @admin.display(description=_("history"))
    def change_history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = RuleChange.objects.filter(rule_type=obj._meta.label_lower, rule_id=obj.pk)[:50]
        return (
            format_html_join(
                "\n",
                "<div>{} · {} · {} · {}</div>",
                (
                    (
                        r.changed_at.strftime("%d/%m/%Y %H:%M"),
                        r.changed_by_username,
                        r.change,
                        ", ".join(f"{k}: {r.before.get(k)} → {v}" for k, v in r.after.items() if r.before.get(k) != v),
                    )
                    for r in rows
                ),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        if hasattr(obj, "updated_at"):
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        RuleChange.objects.create(
            rule_type=obj._meta.label_lower,
            rule_id=obj.pk,
            change="changed" if change else "added",
            changed_by=request.user,
            changed_by_username=request.user.get_username(),
            before=before,
            after=_snapshot(obj),
        )
        audit_record_for_request(
            request,
            action=AuditAction.ADMIN_CHANGE,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            details={"change": "changed" if change else "added", "fields": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj):
        pk, before = obj.pk, _snapshot(obj)
        super().delete_model(request, obj)
        RuleChange.objects.create(
            rule_type=obj._meta.label_lower,
            rule_id=pk,
            change="deleted",
            changed_by=request.user,
            changed_by_username=request.user.get_username(),
            before=before,
        )
        audit_record_for_request(
            request,
            action=AuditAction.ADMIN_CHANGE,
            object_type=obj._meta.label_lower,
            object_id=pk,
            details={"change": "deleted"},
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(RuleHistoryAdmin):
    list_display = [
        "step",
        "days",
        "counting",
        "effective_from",
        "effective_to",
        "citation_document",
        "citation_document_vi",
        "verified",
    ]
    list_filter = ["step", "verified"]


@admin.register(AgencyCompetenceRule)
class AgencyCompetenceRuleAdmin(RuleHistoryAdmin):
    list_display = [
        "agency_type_code",
        "action",
        "effective_from",
        "effective_to",
        "citation_document",
        "citation_document_vi",
        "verified",
    ]
    list_filter = ["action", "verified"]
    search_fields = ["agency_type_code"]


@admin.register(EmergencyAccessRule)
class EmergencyAccessRuleAdmin(RuleHistoryAdmin):
    list_display = [
        "access_minutes",
        "daily_limit",
        "minimum_words",
        "review_days",
        "effective_from",
        "effective_to",
        "citation_document",
        "citation_document_vi",
        "verified",
    ]


@admin.register(MatchRequestRule)
class MatchRequestRuleAdmin(RuleHistoryAdmin):
    list_display = [
        "answer_days",
        "counting",
        "escalate_after_days",
        "effective_from",
        "effective_to",
        "citation_document",
        "citation_document_vi",
        "verified",
    ]


@admin.register(SharingRule)
class SharingRuleAdmin(RuleHistoryAdmin):
    list_display = [
        "agency_type_code",
        "basis",
        "effective_from",
        "effective_to",
        "citation_document",
        "citation_document_vi",
        "verified",
    ]
    list_filter = ["basis", "verified"]
    search_fields = ["agency_type_code"]


@admin.register(SharingException)
class SharingExceptionAdmin(RuleHistoryAdmin):
    list_display = [
        "code",
        "name_vi",
        "effective_from",
        "effective_to",
        "citation_document",
        "citation_document_vi",
        "verified",
    ]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(RuleHistoryAdmin):
    list_display = ["date", "name", "citation_document", "verified"]
    list_filter = ["verified"]
    readonly_fields = ["change_history"]


@admin.register(RuleChange)
class RuleChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "rule_type", "rule_id", "change", "changed_by_username"]
    list_filter = ["rule_type", "change"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
