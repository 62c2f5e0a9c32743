"""The rule row of referrals is edited in the admin, with its history (``RuleHistoryAdmin``)."""

from django.contrib import admin

from safereturn.rules.admin import RuleHistoryAdmin

from .models import ReferralResponseRule


@admin.register(ReferralResponseRule)
class ReferralResponseRuleAdmin(RuleHistoryAdmin):
    list_display = [
        "answer_days",
        "counting",
        "remind_days_before",
        "escalate_days_after",
        "effective_from",
        "effective_to",
        "verified",
    ]
