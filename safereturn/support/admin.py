"""Support rule tables are edited in the admin with the rules app's history (``RuleHistoryAdmin``)."""

from django.contrib import admin

from safereturn.rules.admin import RuleHistoryAdmin

from .models import EntitlementItem, SupportRate, SupportRegime


@admin.register(SupportRegime)
class SupportRegimeAdmin(RuleHistoryAdmin):
    list_display = [
        "code",
        "side",
        "name_vi",
        "statuses",
        "effective_from",
        "effective_to",
        "citation_document",
        "verified",
    ]
    list_filter = ["side", "verified"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(EntitlementItem)
class EntitlementItemAdmin(RuleHistoryAdmin):
    list_display = [
        "code",
        "regime_code",
        "side",
        "unit",
        "duration_cap",
        "cap_unit",
        "one_off_limit",
        "effective_from",
        "effective_to",
        "citation_document",
        "verified",
    ]
    list_filter = ["side", "regime_code", "verified"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(SupportRate)
class SupportRateAdmin(RuleHistoryAdmin):
    list_display = [
        "item_code",
        "side",
        "province",
        "amount",
        "effective_from",
        "effective_to",
        "citation_document",
        "verified",
    ]
    list_filter = ["side", "verified", "province"]
    search_fields = ["item_code", "citation_document"]
