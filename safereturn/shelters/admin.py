"""The stay cap is a rule row: edited in the admin with its history (``rules.admin.RuleHistoryAdmin``)."""

from django.contrib import admin

from safereturn.rules.admin import RuleHistoryAdmin

from .models import StayCapRule


@admin.register(StayCapRule)
class StayCapRuleAdmin(RuleHistoryAdmin):
    list_display = [
        "length",
        "unit",
        "warn_days",
        "effective_from",
        "effective_to",
        "citation_document",
        "citation_document_vi",
        "verified",
    ]
