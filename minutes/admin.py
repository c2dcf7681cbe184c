"""The back office for minutes."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin import RetainedRecordAdmin
from meetings.retention import RECORD
from minutes.models import Action, Attendance, Declaration, MinuteEntry, Minutes, Resolution, ResolutionPart


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fk_name = "minutes"


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0


@admin.register(Minutes)
class MinutesAdmin(RetainedRecordAdmin):
    list_display = ["meeting", "status", "confirmed_at_meeting"]
    list_filter = ["status", "meeting__panel"]
    inlines = [AttendanceInline, DeclarationInline]

    def retention(self, obj):
        return (RECORD, obj.meeting.date) if obj.is_public else None


class ResolutionInline(admin.StackedInline):
    model = Resolution
    extra = 0


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0


@admin.register(MinuteEntry)
class MinuteEntryAdmin(RetainedRecordAdmin):
    list_display = ["heading", "minutes", "number", "exempt_paragraph"]
    list_filter = ["minutes__meeting__panel"]
    inlines = [ResolutionInline, ActionInline]

    def retention(self, obj):
        return (RECORD, obj.minutes.meeting.date) if obj.minutes.is_public else None


class ResolutionPartInline(admin.TabularInline):
    model = ResolutionPart
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "entry"]
    inlines = [ResolutionPartInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner", "due_date", "status"]
    list_filter = ["status"]


admin.site.register(Attendance)
admin.site.register(Declaration)
admin.site.register(ResolutionPart)
