"""Import runs and the source system's ids of what they brought in.

This app sits above `meetings` and `minutes` (it writes both), so neither ever imports it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from meetings.models import Council


class ImportRun(models.Model):
    """One run of an import: what it was asked to read, what it did, the warnings it met and the tasks it left
    for an officer (exempt paragraphs to set, papers that could not be fetched)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="import_runs")
    base_url = models.CharField(max_length=500, blank=True, help_text="The ModernGov site read.")
    folder = models.CharField(max_length=500, blank=True, help_text="Or the folder of saved responses read.")
    committee_ids = models.JSONField(default=list, blank=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    summary = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    failures = models.JSONField(default=list, blank=True, help_text="Meetings and papers skipped, with why.")
    tasks = models.JSONField(default=list, blank=True, help_text="What an officer still has to do.")
    error = models.TextField(blank=True, help_text="Why the whole run stopped, if it did.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    repeat_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeats")
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import from {self.source} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("imports:run_detail", kwargs={"pk": self.pk})

    @property
    def source(self) -> str:
        return self.base_url or self.folder


class SourceRecord(models.Model):
    """A record brought in from another system, by the id it has there: a second run finds it and updates it
    rather than adding it again. `fingerprint` is the hash of the source data last applied, so a run over
    unchanged data writes nothing."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Committee"
        MEMBER = "member", "Member"
        MEETING = "meeting", "Meeting"
        AGENDA_ITEM = "agenda_item", "Agenda item"
        PAPER = "paper", "Paper"
        MINUTE = "minute", "Minute"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="source_records")
    system = models.CharField(max_length=20, default="moderngov")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_id = models.CharField(max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="Source facts the portal has no field for.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "system", "kind", "source_id"], name="one_record_per_source_id")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_record_target")]

    def __str__(self) -> str:
        return f"{self.system} {self.get_kind_display().lower()} {self.source_id}"
