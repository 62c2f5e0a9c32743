"""The protection rule tables are edited in the admin with their history (``RuleHistoryAdmin``)."""

from django.contrib import admin

from safereturn.rules.admin import RuleHistoryAdmin

from .models import ProtectionMeasureType, ProtectionTiming


@admin.register(ProtectionMeasureType)
class ProtectionMeasureTypeAdmin(RuleHistoryAdmin):
    list_display = ["code", "name_vi", "protects", "effective_from", "effective_to", "citation_document", "verified"]
    list_filter = ["code", "verified"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(ProtectionTiming)
class ProtectionTimingAdmin(RuleHistoryAdmin):
    list_display = [
        "acknowledge_minutes",
        "escalate_after_minutes",
        "measure_review_days",
        "risk_review_days",
        "effective_from",
        "effective_to",
        "citation_document",
        "verified",
    ]
