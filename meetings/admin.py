"""The back office: every model editable by staff, with history."""

import datetime

from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    AgendaItem,
    AgendaPack,
    AgendaSection,
    BackgroundPaper,
    Council,
    Councillor,
    Document,
    Meeting,
    Membership,
    Officer,
    PackBuildJob,
    PackWithdrawal,
    Panel,
    ScheduleChange,
    WorkProgrammeTopic,
)
from meetings.retention import BACKGROUND_PAPERS, RECORD, Period


class RetainedRecordAdmin(SimpleHistoryAdmin):
    """The admin never deletes a public record inside its retention period (s100C / s100D, meetings/retention.py):
    the delete button, the bulk action and any deletion that would cascade to it are refused, and its page says
    until when it is kept. `retention(obj)` gives the period and the meeting's date of a public record, or None."""

    def retention(self, obj) -> tuple[Period, datetime.date] | None:
        raise NotImplementedError

    def kept_until(self, obj) -> datetime.date | None:
        found = self.retention(obj) if obj is not None else None
        if found is None:
            return None
        period, meeting_date = found
        until = period.ends(meeting_date)
        return until if timezone.localdate() <= until else None

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.kept_until(obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        until = self.kept_until(obj)
        if until is not None and request.method == "GET":
            period = self.retention(obj)[0]
            messages.info(
                request,
                f"This is part of the public record: section {period.section} of the Local Government Act 1972 "
                f"keeps it open to inspection until {until:%-d %B %Y}, so it cannot be deleted before then.",
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email", "telephone"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Councillor)
class CouncillorAdmin(admin.ModelAdmin):
    list_display = ["surname", "initials", "first_name", "party", "ward"]
    search_fields = ["surname", "first_name"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["surname", "initials", "first_name", "job_title", "email"]
    search_fields = ["surname", "first_name", "job_title"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["councillor"]


@admin.register(Panel)
class PanelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "contact_officer"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["panel", "councillor", "municipal_year", "role"]
    list_filter = ["panel", "municipal_year", "role"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # obj is the meeting: its published agenda is kept for six years (s100C(1)).
        if obj is not None and obj.agenda_published_at is not None and timezone.localdate() <= RECORD.ends(obj.date):
            return False
        return super().has_delete_permission(request, obj)

    fields = [
        "position",
        "number",
        "kind",
        "title",
        "description",
        "presenter",
        "exempt_paragraph",
        "section",
    ]


class ScheduleChangeInline(admin.TabularInline):
    model = ScheduleChange
    fk_name = "meeting"
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(RetainedRecordAdmin):
    list_display = ["panel", "date", "start_time", "status"]
    list_filter = ["panel", "status"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, ScheduleChangeInline]

    def retention(self, obj):
        return (RECORD, obj.date) if obj.agenda_published_at is not None else None


@admin.register(AgendaSection)
class AgendaSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "meeting", "excludes_public"]


@admin.register(AgendaItem)
class AgendaItemAdmin(RetainedRecordAdmin):
    list_display = ["meeting", "number", "title", "kind", "exempt_paragraph"]
    list_filter = ["meeting__panel", "kind", "exempt_paragraph"]
    search_fields = ["title", "description"]
    filter_horizontal = ["confirms_minutes"]

    def retention(self, obj):
        return (RECORD, obj.meeting.date) if obj.published_at is not None else None


class BackgroundPaperInline(admin.TabularInline):
    model = BackgroundPaper
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # obj is the report: its list of background papers is kept for four years (s100D(2)).
        if (
            obj is not None
            and obj.published_at is not None
            and timezone.localdate() <= BACKGROUND_PAPERS.ends(obj.meeting.date)
        ):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Document)
class DocumentAdmin(RetainedRecordAdmin):
    list_display = ["title", "meeting", "agenda_item", "kind", "exempt_paragraph", "published_at"]
    list_filter = ["kind", "meeting__panel"]
    search_fields = ["title"]
    # The file goes through the upload check and gets its published copy only when uploaded in the agenda editor.
    readonly_fields = ["uuid", "file", "file_sha256", "file_size", "page_count"]
    inlines = [BackgroundPaperInline]

    def retention(self, obj):
        return (RECORD, obj.meeting.date) if obj.published_at is not None else None

    def get_readonly_fields(self, request, obj=None):
        # A public report's text is not replaced inside its period; a correction is a paper of its own.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "body_html"] if self.kept_until(obj) is not None else fields


@admin.register(BackgroundPaper)
class BackgroundPaperAdmin(RetainedRecordAdmin):
    list_display = ["title", "document", "inspection"]
    search_fields = ["title"]

    def retention(self, obj):
        document = obj.document
        return (BACKGROUND_PAPERS, document.meeting.date) if document.published_at is not None else None


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "previous_date", "new_date"]


@admin.register(WorkProgrammeTopic)
class WorkProgrammeTopicAdmin(SimpleHistoryAdmin):
    list_display = ["title", "panel", "municipal_year", "category", "status"]
    list_filter = ["panel", "municipal_year", "category", "status"]
    filter_horizontal = ["agenda_items"]


@admin.register(AgendaPack)
class AgendaPackAdmin(admin.ModelAdmin):
    """Published packs are frozen: the back office can look, never change."""

    list_display = ["meeting", "variant", "version", "page_count", "size", "built_at", "published_by"]
    list_filter = ["variant", "meeting__panel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PackBuildJob)
class PackBuildJobAdmin(admin.ModelAdmin):
    """Publications and their pack builds, to see what the worker is doing. Their record is kept as it happened:
    the only change is giving up builds that will never finish (which the portal also does by itself)."""

    list_display = ["meeting", "status", "requested_by", "created_at", "started_at", "heartbeat_at", "finished_at"]
    list_filter = ["status", "meeting__panel"]
    list_select_related = ["meeting__panel", "requested_by"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in PackBuildJob._meta.fields] + ["packs"]
    actions = ["give_up_stuck"]

    @admin.action(description="Give up selected builds whose worker stopped or never started")
    def give_up_stuck(self, request, queryset):
        from meetings.services import fail_stuck_jobs

        meetings = {job.meeting for job in queryset.active().select_related("meeting")}
        given_up = [job for meeting in meetings for job in fail_stuck_jobs(meeting) if job in queryset]
        self.message_user(request, f"{len(given_up)} build(s) given up; builds still alive were left to finish.")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PackWithdrawal)
class PackWithdrawalAdmin(SimpleHistoryAdmin):
    """Withdrawals are made by officers in the agenda editor (withdraw_pack), which keeps the pages and caches
    right; the back office looks at them and their history."""

    list_display = ["pack", "withdrawn_at", "withdrawn_by", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
