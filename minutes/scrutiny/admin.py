"""The back office: each council's call-in rules (everything else has its officers' pages under /manage/)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from minutes.scrutiny.models import CallInRules


@admin.register(CallInRules)
class CallInRulesAdmin(SimpleHistoryAdmin):
    list_display = ["council", "working_days", "members_required"]
