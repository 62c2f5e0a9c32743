"""The rule rows of reintegration are edited in the admin, with their history (``RuleHistoryAdmin``)."""

from django.contrib import admin

from safereturn.rules.admin import RuleHistoryAdmin

from .models import FollowUpVisitRule, PlanReviewRule

RULE_COLUMNS = ["effective_from", "effective_to", "citation_document", "citation_document_vi", "verified"]


@admin.register(PlanReviewRule)
class PlanReviewRuleAdmin(RuleHistoryAdmin):
    list_display = ["interval_days", *RULE_COLUMNS]


@admin.register(FollowUpVisitRule)
class FollowUpVisitRuleAdmin(RuleHistoryAdmin):
    list_display = ["sequence", "months_after_return", *RULE_COLUMNS]
    list_filter = ["sequence", "verified"]
