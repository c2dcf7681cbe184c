"""Minutes of meetings: attendance, declarations, minute entries, resolutions and the actions arising."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from meetings.audience import Audience
from meetings.models import (
    EXEMPT_PARAGRAPH_CHOICES,
    PARAGRAPH_NOT_SET,
    AgendaItem,
    Councillor,
    Meeting,
    Officer,
    exempt_paragraph_validators,
)
from minutes.querysets import (
    PUBLIC_STATUSES,
    ActionQuerySet,
    DeclarationQuerySet,
    MinuteEntryQuerySet,
    MinutesQuerySet,
    ResolutionQuerySet,
)
from portal.sanitise import clean_html
from portal.wording import join_and


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not yet published)"
        PUBLISHED = "published", "Draft, subject to approval"
        CONFIRMED = "confirmed", "Confirmed as a correct record"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    opening_text = models.TextField(blank=True, help_text='For example "A meeting of the ... was held on ...".')
    published_at = models.DateTimeField(null=True, blank=True)
    confirmed_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_confirmed",
        help_text="The later meeting that approved them as a correct record.",
    )
    confirmed_by_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_confirmed",
        help_text="The agenda item of that meeting, when the portal holds its agenda.",
    )
    amendments = models.TextField(blank=True, help_text="Amendments made when they were confirmed.")
    text_not_held = models.BooleanField(
        default=False,
        help_text="Only the record of confirmation is held; the minutes' text is not in the portal.",
    )
    version = models.PositiveIntegerField(default=1)
    draft_version = models.PositiveIntegerField(
        default=1,
        help_text="The published draft's version: a change after this version went out in a frozen agenda pack "
        "starts the next, so the record shows which version members saw.",
    )

    history = HistoricalRecords()
    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "minutes"
        ordering = ["meeting__date"]

    def __str__(self) -> str:
        return f"Minutes: {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("minutes:minutes_detail", kwargs={"slug": self.meeting.panel.slug, "date": self.meeting.date})

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_public(self) -> bool:
        """Twin of `Minutes.objects.public()`."""
        return self.status in PUBLIC_STATUSES

    def is_visible_to(self, audience: Audience) -> bool:
        return audience.may_see_drafts() or self.is_public


class Attendance(models.Model):
    class Category(models.TextChoices):
        PRESENT = "present", "Present"
        SUBSTITUTE = "substitute", "Present as substitute"
        ATTENDING = "attending", "Also in attendance (not a member)"
        OFFICER = "officer", "Officer in attendance"
        APOLOGIES = "apologies", "Apologies for absence"
        ABSENT = "absent", "Absent"

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice Chair"
        CHAIR_PRO_TEM = "chair_pro_tem", "Chair pro-tem"
        MEMBER = "member", "Member"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendance")
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(max_length=20, choices=Category.choices)
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200, blank=True, help_text="Anyone else: a witness, a co-optee.")
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    substitute_for = models.ForeignKey(Councillor, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    capacity = models.CharField(
        max_length=300, blank=True, help_text='Why they attended, e.g. "under Procedure Rule 4.32".'
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(councillor__isnull=False) & models.Q(officer__isnull=True) & models.Q(name=""))
                    | (models.Q(councillor__isnull=True) & models.Q(officer__isnull=False) & models.Q(name=""))
                    | (models.Q(councillor__isnull=True) & models.Q(officer__isnull=True) & ~models.Q(name=""))
                ),
                name="attendance_names_exactly_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_category_display()}"

    @property
    def display_name(self) -> str:
        if self.councillor_id:
            return self.councillor.short_name
        if self.officer_id:
            return self.officer.short_name
        return self.name


class Declaration(models.Model):
    """A declaration of interest as the model code of conduct has them: one entry for one or several councillors
    with the same interest, about an agenda item (or the meeting as a whole), and what they did about it."""

    class Kind(models.TextChoices):
        DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
        OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
        NON_REGISTRABLE = "non_registrable", "Non-registrable interest"
        # Named by the council (Council.other_interest_label): "Other disclosable interest" unless it says.
        OTHER = "other", "Other disclosable interest"
        NONE = "none", "No declarations"

    class Action(models.TextChoices):
        LEFT_ROOM = "left_room", "Left the room for the item"
        DID_NOT_VOTE = "did_not_vote", "Stayed but did not vote"
        SPOKE_THEN_LEFT = "spoke_then_left", "Spoke as a member of the public, then left the room"
        TOOK_PART = "took_part", "Took part in the item"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="declarations")
    position = models.PositiveSmallIntegerField(default=0)
    councillors = models.ManyToManyField(Councillor, through="DeclaringCouncillor", related_name="+", blank=True)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.CharField(max_length=20, choices=Action.choices, blank=True)
    text = models.TextField(help_text="The interest, as minuted.")

    history = HistoricalRecords()
    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["minutes", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def councillor_list(self) -> list[Councillor]:
        """The councillors who declared it, in order (`declaring_list` must be prefetched: see selectors)."""
        return [row.councillor for row in self.declaring_list]

    @property
    def kind_label(self) -> str:
        """The kind as the council's code of conduct names it (minutes, meeting, panel and council loaded)."""
        if self.kind == self.Kind.OTHER:
            return self.minutes.meeting.panel.council.other_interest_name
        return self.get_kind_display()

    @property
    def wording(self) -> str:
        """As printed in the minutes: each councillor named once, then the kind, the item, the interest and what
        they did. A declaration minuted in full before the names were recorded separately (it already names
        them all) is printed as it was written."""
        names = [councillor.short_name for councillor in self.councillor_list]
        if self.kind == self.Kind.NONE or not names or all(name in self.text for name in names):
            return self.text
        who = ("Councillor " if len(names) == 1 else "Councillors ") + join_and(names)
        about = self.kind_label.lower() + (f", item {self.agenda_item.number}" if self.agenda_item_id else "")
        text = self.text.rstrip()
        wording = f"{who} ({about}): {text}" + ("" if text.endswith((".", "!", "?")) else ".")
        return f"{wording} {self.get_action_display()}." if self.action else wording

    def is_visible_to(self, audience: Audience) -> bool:
        """Twin of `Declaration.objects.visible_to` (minutes, meeting and agenda item must be loaded)."""
        exempt = self.agenda_item_id is not None and self.agenda_item.is_exempt
        return audience.may_read(self.minutes.meeting, published=self.minutes.is_public, exempt=exempt)


class DeclaringCouncillor(models.Model):
    """One councillor named in a declaration (in the order the officer listed them)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="declaring")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["declaration", "position"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "councillor"], name="declaration_names_a_councillor_once")
        ]

    def __str__(self) -> str:
        return str(self.councillor_id)


class MinuteEntry(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=20, blank=True, help_text='As printed: "5" or "32/24"; empty if unnumbered.')
    heading = models.CharField(max_length=500)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="minute_entries"
    )
    body_html = models.TextField(blank=True, help_text="The minute, as sanitised HTML.")
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=EXEMPT_PARAGRAPH_CHOICES,
        validators=exempt_paragraph_validators,
        help_text="Set for minutes of exempt business, taken with the press and public excluded.",
    )
    excludes_public = models.BooleanField(
        default=False,
        help_text="This minute records the resolution under s100A(4) to exclude the press and public.",
    )
    drafted = models.BooleanField(
        default=False,
        help_text="The text is still the portal's draft from the attendance and declarations: it follows them "
        "until an officer edits it.",
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = MinuteEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "minute entries"
        ordering = ["minutes", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exempt_paragraph__isnull=True)
                | models.Q(exempt_paragraph__gte=PARAGRAPH_NOT_SET, exempt_paragraph__lte=7),
                name="minute_entry_exempt_paragraph_in_schedule_12a",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip()

    def save(self, *args, **kwargs):
        if self.body_html:
            self.body_html = clean_html(self.body_html)
        super().save(*args, **kwargs)

    @property
    def effective_exempt_paragraph(self) -> int | None:
        """Its own paragraph, or else its agenda item's (the item must be loaded)."""
        if self.exempt_paragraph is not None:
            return self.exempt_paragraph
        return self.agenda_item.exempt_paragraph if self.agenda_item_id else None

    @property
    def is_exempt(self) -> bool:
        """Twin of `MinuteEntry.objects.exempt()`."""
        return self.effective_exempt_paragraph is not None

    @property
    def is_published(self) -> bool:
        return self.minutes.is_public

    def is_visible_to(self, audience: Audience) -> bool:
        """Twin of `MinuteEntry.objects.visible_to` (minutes, meeting and agenda item must be loaded)."""
        return audience.may_read(self.minutes.meeting, published=self.is_published, exempt=self.is_exempt)


class Resolution(models.Model):
    entry = models.ForeignKey(MinuteEntry, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(help_text='As minuted: "AGREED that ...". Lettered parts go in the parts below.')

    history = HistoricalRecords()
    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "position"]

    def __str__(self) -> str:
        return self.text

    def is_visible_to(self, audience: Audience) -> bool:
        return self.entry.is_visible_to(audience)


class ResolutionPart(models.Model):
    """A lettered part of a resolution: "(a) that ...", "(b) that ..."."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=5, help_text="a, b, c or i, ii.")
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "position"]

    def __str__(self) -> str:
        return f"({self.label}) {self.text}"


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    entry = models.ForeignKey(MinuteEntry, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    owner = models.ForeignKey(Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    owner_text = models.CharField(max_length=200, blank=True, help_text="Who, when not an officer on record.")
    due_date = models.DateField(null=True, blank=True)
    due_text = models.CharField(max_length=100, blank=True, help_text='As promised: "in due course".')
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    progress_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change, so two officers never overwrite each other's updates."
    )

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "position"]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_name(self) -> str:
        return self.owner.name_and_title if self.owner_id else self.owner_text

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}
