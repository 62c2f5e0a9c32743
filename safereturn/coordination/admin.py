"""The reminder lead time is a rule row: edited in the admin with its history (``RuleHistoryAdmin``).
Meetings are the officers' records: they are kept through the pages and the API, not the admin."""

from django.contrib import admin

from safereturn.rules.admin import RuleHistoryAdmin

from .models import ActionReminderRule


@admin.register(ActionReminderRule)
class ActionReminderRuleAdmin(RuleHistoryAdmin):
    list_display = ["lead_days", "effective_from", "effective_to", "citation_document", "verified"]
