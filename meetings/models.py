"""Panels, the people on them, their meetings, agendas, papers and work programmes."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from meetings.audience import Audience
from meetings.municipal_year import MunicipalYear
from meetings.querysets import (
    AgendaItemQuerySet,
    AgendaPackQuerySet,
    BackgroundPaperQuerySet,
    DocumentQuerySet,
    MeetingQuerySet,
    MembershipQuerySet,
)
from portal.formats import short_date
from portal.sanitise import clean_html

LONDON = ZoneInfo("Europe/London")

# Schedule 12A to the Local Government Act 1972: the seven descriptions of exempt information.
EXEMPT_PARAGRAPHS = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated consultations or "
    "negotiations, in connection with any labour relations matter arising between the authority or a "
    "Minister of the Crown and employees of, or office holders under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be maintained in "
    "legal proceedings.",
    6: "Information which reveals that the authority proposes to give under any enactment a notice under or "
    "by virtue of which requirements are imposed on a person; or to make an order or direction under any "
    "enactment.",
    7: "Information relating to any action taken or to be taken in connection with the prevention, "
    "investigation or prosecution of crime.",
}
# An item or paper another system marked restricted without saying under which paragraph (ModernGov's
# `isrestricted`): exempt from the moment it arrives, and an officer's task to set the paragraph. Officers' forms
# never offer it; every visibility rule treats it like any other paragraph (exempt means "a paragraph is set").
PARAGRAPH_NOT_SET = 0
EXEMPT_PARAGRAPH_CHOICES = [(PARAGRAPH_NOT_SET, "Paragraph not yet set")] + [
    (number, f"Paragraph {number}") for number in EXEMPT_PARAGRAPHS
]
exempt_paragraph_validators = [MinValueValidator(PARAGRAPH_NOT_SET), MaxValueValidator(7)]


def paragraph_wording(paragraph: int) -> str:
    """ "paragraph 3", or "a paragraph not yet recorded" for a record imported as restricted (PARAGRAPH_NOT_SET)."""
    return f"paragraph {paragraph}" if paragraph != PARAGRAPH_NOT_SET else "a paragraph not yet recorded"


class ExemptInformation(models.Model):
    """What the record keeps about an exemption beside its paragraph (the subclass's `exempt_paragraph`).

    Schedule 12A, paragraph 10: information in paragraphs 1 to 7 is exempt only if, and so long as, the public
    interest in keeping it exempt outweighs the public interest in disclosing it. So each exemption says why, may
    say until when (a release date) or when to look at it again (a review date), and when it ends the record says
    when and why it was released (meetings/exemptions.py)."""

    exemption_reasons = models.TextField(
        "public interest reasons",
        blank=True,
        help_text="Why the public interest in keeping the information exempt outweighs the public interest in "
        "disclosing it (Schedule 12A, paragraph 10).",
    )
    exempt_until = models.DateField(
        "release date",
        null=True,
        blank=True,
        help_text="The information becomes public on this day (for example once the contract is signed).",
    )
    exemption_review_on = models.DateField(
        "review date", null=True, blank=True, help_text="When an officer should look again at whether it is exempt."
    )
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    released_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        choices=EXEMPT_PARAGRAPH_CHOICES,
        help_text="The paragraph it was exempt under.",
    )
    release_reason = models.TextField(blank=True, editable=False, help_text="Why it was released: public.")

    class Meta:
        abstract = True

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def exemption_due_on(self) -> datetime.date | None:
        """The next day an officer must act on the exemption: its release date or its review date."""
        dates = [day for day in (self.exempt_until, self.exemption_review_on) if day is not None]
        return min(dates) if dates else None


class Council(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    address = models.TextField(blank=True, help_text="Postal address, one line per line.")
    website = models.URLField(blank=True)
    # The accessibility statement's contact (the 2018 accessibility regulations): where to ask for an accessible
    # format or report a problem, and how soon the council answers.
    email = models.EmailField(
        blank=True, help_text="Where people ask for papers in an accessible format or report an accessibility problem."
    )
    telephone = models.CharField(max_length=40, blank=True)
    accessible_format_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days in which the council answers a request for an accessible format."
    )
    # The model code of conduct (LGA 2020) has three kinds of interest; a council whose own code has a fourth
    # (such as the older "personal interest") names it here.
    other_interest_label = models.CharField(
        max_length=100,
        blank=True,
        help_text="What the council's code of conduct calls an interest of a fourth kind; \"Other disclosable "
        'interest" if empty.',
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name

    @property
    def other_interest_name(self) -> str:
        return self.other_interest_label or "Other disclosable interest"


class Person(models.Model):
    """A named person, written the way council papers write them: "D Davison", "Joanne Dixon"."""

    first_name = models.CharField(max_length=100, blank=True)
    initials = models.CharField(max_length=20, blank=True)
    surname = models.CharField(max_length=100)
    honours = models.CharField(max_length=50, blank=True, help_text="For example CBE.")

    class Meta:
        abstract = True
        ordering = ["surname", "initials", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def short_name(self) -> str:
        """Initial and surname, as in minutes: "S Butcher"."""
        initials = self.initials or (self.first_name[:1] if self.first_name else "")
        return f"{initials} {self.surname}".strip()

    @property
    def full_name(self) -> str:
        given = self.first_name or self.initials
        return " ".join(part for part in (given, self.surname, self.honours) if part)


class Councillor(Person):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="councillors")
    slug = models.SlugField(unique=True)
    party = models.CharField(max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    email = models.EmailField(
        blank=True, help_text="Where the council writes to the councillor; their invitation goes here."
    )

    history = HistoricalRecords()

    class Meta(Person.Meta):
        pass

    @property
    def styled_name(self) -> str:
        return f"Councillor {self.short_name}"


class Officer(Person):
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        related_name="officers",
        null=True,
        blank=True,
        help_text="Empty for people from other bodies, such as a DfE Commissioner.",
    )
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta(Person.Meta):
        pass

    @property
    def name_and_title(self) -> str:
        return f"{self.full_name}, {self.job_title}" if self.job_title else self.full_name


class Panel(models.Model):
    class Kind(models.TextChoices):
        SCRUTINY_PANEL = "scrutiny_panel", "Scrutiny panel"
        SCRUTINY_BOARD = "scrutiny_board", "Overview and scrutiny board"
        COMMITTEE = "committee", "Committee"
        TASK_AND_FINISH = "task_and_finish", "Task and finish group"

    class MinuteNumbering(models.TextChoices):
        NONE = "none", "Minutes are not numbered"
        PER_MEETING = "per_meeting", "Numbered from 1 at each meeting"
        MUNICIPAL_YEAR = "municipal_year", "Numbered through the municipal year (32/24)"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.SCRUTINY_PANEL)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this panel reports to, such as the Overview and Scrutiny Board.",
    )
    remit = models.TextField(blank=True)
    contact_officer = models.ForeignKey(
        Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="panels_supported"
    )
    minute_numbering = models.CharField(max_length=20, choices=MinuteNumbering.choices, default=MinuteNumbering.NONE)
    default_start_time = models.TimeField(null=True, blank=True)
    default_venue = models.CharField(max_length=200, blank=True)
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the panel stopped meeting (abolished, merged or renamed). Its record stays public; "
        "no new meetings can be arranged for it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:panel_detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """One seat on a panel in a municipal year; a seat with no councillor is a vacancy."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice Chair"
        MEMBER = "member", "Member"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    councillor = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    municipal_year = models.PositiveSmallIntegerField(help_text="The year the municipal year starts: 2021 for 2021/22.")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the published membership list.")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["panel", "-municipal_year", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "councillor", "municipal_year"],
                condition=models.Q(councillor__isnull=False),
                name="one_seat_per_councillor_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(councillor__isnull=False) | models.Q(role="member"),
                name="vacant_seat_has_no_role",
            ),
        ]

    def __str__(self) -> str:
        who = self.councillor.short_name if self.councillor_id else "Vacancy"
        return f"{who} ({self.get_role_display()}), {self.panel} {MunicipalYear(self.municipal_year)}"

    @property
    def is_vacant(self) -> bool:
        return self.councillor_id is None

    @property
    def first_day(self) -> datetime.date:
        """The first day of the seat: its municipal year's, or its start date if later."""
        first = MunicipalYear(self.municipal_year).first_day
        return max(first, self.starts_on) if self.starts_on else first

    @property
    def last_day(self) -> datetime.date:
        """The last day of the seat: its municipal year's, or its end date if earlier."""
        last = MunicipalYear(self.municipal_year).last_day
        return min(last, self.ends_on) if self.ends_on else last

    def serves_on(self, day: datetime.date) -> bool:
        """Twin of `Membership.objects.serving_on(day)`."""
        return self.first_day <= day <= self.last_day


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True, help_text="Empty while the time is to be confirmed.")
    end_time = models.TimeField(
        null=True, blank=True, help_text="The planned finish, where the council publishes one; empty if not known."
    )
    venue = models.CharField(max_length=200, blank=True)
    is_virtual = models.BooleanField(default=False)
    livestream_url = models.URLField(blank=True)
    livestream_note = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.TextField(blank=True)
    dispatch_date = models.DateField(null=True, blank=True, help_text="The date printed on the agenda.")
    signatory = models.ForeignKey(
        Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="signed_agendas"
    )
    signatory_address = models.TextField(blank=True, help_text="One line per line, as printed under the signature.")
    urgency_reason = models.TextField(
        blank=True, help_text="Why the agenda was published with less than five clear working days' notice."
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    agenda_version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change to the agenda, so two editors never overwrite each other."
    )
    entered_from_records_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when an officer entered this meeting, already held, from the council's records: its agenda "
        "was never published here before the meeting.",
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "date"], name="one_meeting_per_panel_per_day"),
            # A sitting ends on its own day, after it starts; a finish without a start says nothing.
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.panel}, {short_date(self.date)}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"slug": self.panel.slug, "date": self.date})

    @property
    def is_historical_record(self) -> bool:
        return self.entered_from_records_at is not None

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The start as an aware Europe/London date-time, or None while the time is to be confirmed."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=LONDON)

    @property
    def ends_at(self) -> datetime.datetime | None:
        """The planned finish as an aware Europe/London date-time, or None when it is not known."""
        if self.start_time is None or self.end_time is None:
            return None
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=LONDON)

    @property
    def municipal_year(self) -> MunicipalYear:
        return MunicipalYear.containing(self.date)

    @property
    def venue_description(self) -> str:
        venue = self.venue or "Not recorded"
        if self.is_virtual and "virtual" not in venue.lower():
            return f"{venue} (virtual meeting)"
        return venue

    @property
    def display_status(self) -> str:
        """The status as the public should read it: a scheduled date in the past is no longer "scheduled"."""
        if self.status == self.Status.SCHEDULED and self.date < timezone.localdate():
            return "Date passed"
        return self.get_status_display()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_published_at is not None


class ScheduleChange(models.Model):
    """A meeting moved to another date or time; the old date stays on record and its URL redirects."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="schedule_changes")
    previous_date = models.DateField()
    previous_time = models.TimeField(null=True, blank=True)
    new_date = models.DateField()
    new_time = models.TimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    agreed_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedule_changes_agreed",
        help_text="The meeting that agreed the change, if it was agreed at one.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.meeting.panel}: {short_date(self.previous_date)} moved to {short_date(self.new_date)}"


class AgendaSection(models.Model):
    """A heading that groups items, such as the part of the meeting from which the public are excluded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=300)
    excludes_public = models.BooleanField(
        default=False, help_text="Items in this part are taken with the press and public excluded."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return self.heading


class AgendaItem(ExemptInformation):
    class Kind(models.TextChoices):
        CHAIR_PRO_TEM = "chair_pro_tem", "Appointment of chair pro-tem"
        APOLOGIES = "apologies", "Apologies for absence"
        DECLARATIONS = "declarations", "Declarations of interest"
        PREVIOUS_MINUTES = "previous_minutes", "Minutes of the previous meeting"
        REPORT = "report", "Report"
        VERBAL_UPDATE = "verbal_update", "Verbal update"
        PRESENTATION = "presentation", "Presentation"
        EXCLUSION = "exclusion", "Exclusion of the press and public"
        NEXT_MEETING = "next_meeting", "Date and time of next meeting"
        URGENT_ITEMS = "urgent_items", "Any other urgent items"
        OTHER = "other", "Other business"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    section = models.ForeignKey(AgendaSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=10, help_text="As printed: 1, 2, 5a.")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True, help_text="The text printed under the title.")
    presenter = models.ForeignKey(
        Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="items_presented"
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=EXEMPT_PARAGRAPH_CHOICES,
        validators=exempt_paragraph_validators,
        help_text="Set when the item is exempt under this paragraph of Schedule 12A.",
    )
    confirms_minutes = models.ManyToManyField(
        "minutes.Minutes",
        blank=True,
        related_name="confirming_items",
        help_text="The earlier meetings whose minutes this item submits for confirmation.",
    )
    is_late = models.BooleanField(default=False, help_text="Added after the agenda was published.")
    urgency_reason = models.TextField(blank=True, help_text="Why a late item is taken as a matter of urgency.")
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exempt_paragraph__isnull=True)
                | models.Q(exempt_paragraph__gte=PARAGRAPH_NOT_SET, exempt_paragraph__lte=7),
                name="agenda_item_exempt_paragraph_in_schedule_12a",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_exempt(self) -> bool:
        return self.exempt_paragraph is not None

    def is_visible_to(self, audience: Audience) -> bool:
        """Listed on the agenda for this audience (twin of `AgendaItem.objects.visible_to`)."""
        return audience.is_officer or self.is_published

    def is_readable_by(self, audience: Audience) -> bool:
        """Listed, and its content (description, papers) readable: not `is_restricted` (the meeting must be
        loaded)."""
        return audience.may_read(self.meeting, published=self.is_published, exempt=self.is_exempt)


def document_upload_path(document: "Document", filename: str) -> str:
    # The name is ours, not the uploader's: only the content decides what the file is.
    return f"documents/{document.uuid}.pdf"


def published_copy_path(document: "Document", filename: str) -> str:
    return f"documents/{document.uuid}-published.pdf"


class Document(ExemptInformation):
    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        MINUTES = "minutes", "Minutes"
        APPENDIX = "appendix", "Appendix"
        PRESENTATION = "presentation", "Presentation"
        LETTER = "letter", "Letter"

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        help_text="Empty for papers that belong to the meeting but to no one item.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORT)
    author = models.CharField(max_length=300, blank=True, help_text="Who wrote it, as printed on it.")
    date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    body_html = models.TextField(blank=True, help_text="An authored report, kept as sanitised HTML.")
    file = models.FileField(upload_to=document_upload_path, blank=True)
    published_file = models.FileField(
        upload_to=published_copy_path,
        blank=True,
        editable=False,
        help_text="The uploaded PDF as the portal republishes it: without scripts, actions, embedded files or "
        "non-web links, page boxes normalised. The original file is kept as uploaded.",
    )
    extracted_text = models.TextField(blank=True, editable=False, help_text="For search; read in the background.")
    text_extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reading_copy = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The text as a web page (meetings/reading_copy.py), read in the background with the text.",
    )
    minutes = models.ForeignKey(
        "minutes.Minutes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text="Minutes papers are rendered from the minutes themselves.",
    )
    page_count = models.PositiveIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=EXEMPT_PARAGRAPH_CHOICES,
        validators=exempt_paragraph_validators,
        help_text="Set when this paper is exempt even though its item is not (an exempt appendix).",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    # The extracted text and reading copy are derived from the file, and long: history keeps the file, not them.
    history = HistoricalRecords(excluded_fields=["extracted_text", "text_extracted_at", "reading_copy"])
    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "agenda_item__position", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exempt_paragraph__isnull=True)
                | models.Q(exempt_paragraph__gte=PARAGRAPH_NOT_SET, exempt_paragraph__lte=7),
                name="document_exempt_paragraph_in_schedule_12a",
            ),
            models.CheckConstraint(
                condition=(
                    (~models.Q(body_html="") & models.Q(file="") & models.Q(minutes__isnull=True))
                    | (models.Q(body_html="") & ~models.Q(file="") & models.Q(minutes__isnull=True))
                    | (models.Q(body_html="") & models.Q(file="") & models.Q(minutes__isnull=False))
                ),
                name="document_has_exactly_one_source",
            ),
            models.UniqueConstraint(fields=["meeting", "slug"], name="document_slug_unique_per_meeting"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.body_html:
            self.body_html = clean_html(self.body_html)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:document_detail",
            kwargs={"slug": self.meeting.panel.slug, "date": self.meeting.date, "document": self.slug},
        )

    @property
    def is_uploaded_pdf(self) -> bool:
        return bool(self.file)

    @property
    def is_authored(self) -> bool:
        return bool(self.body_html)

    @property
    def is_exempt(self) -> bool:
        """Exempt itself, or attached to an exempt item (the item must be loaded). Twin of
        `Document.objects.exempt()`."""
        return self.effective_exempt_paragraph is not None

    @property
    def is_published(self) -> bool:
        """Twin of `Document.objects.published()` (the item and minutes, if any, must be loaded)."""
        return (
            self.published_at is not None
            and (self.agenda_item_id is None or self.agenda_item.is_published)
            and (self.minutes_id is None or self.minutes.is_public)
        )

    def is_visible_to(self, audience: Audience) -> bool:
        """Twin of `Document.objects.visible_to` (the meeting, item and minutes must be loaded)."""
        return audience.may_read(self.meeting, published=self.is_published, exempt=self.is_exempt)

    @property
    def exemption(self) -> "ExemptInformation | None":
        """The record whose exemption this paper is under: itself (an exempt appendix) or its item (loaded)."""
        if self.exempt_paragraph is not None:
            return self
        if self.agenda_item_id and self.agenda_item.exempt_paragraph is not None:
            return self.agenda_item
        return None

    @property
    def released_exemption(self) -> "ExemptInformation | None":
        """The record whose release made this paper public: itself, or its item (loaded)."""
        if self.is_released:
            return self
        if self.agenda_item_id and self.agenda_item.is_released:
            return self.agenda_item
        return None

    @cached_property
    def effective_exempt_paragraph(self) -> int | None:
        if self.exempt_paragraph is not None:
            return self.exempt_paragraph
        return self.agenda_item.exempt_paragraph if self.agenda_item_id else None


class WorkProgrammeTopic(models.Model):
    class Category(models.TextChoices):
        FULL_REVIEW = "full_review", "Full review"
        UPDATE_ON_PREVIOUS_REVIEW = "update_on_previous_review", "Update on previous review"
        TASK_AND_FINISH = "task_and_finish", "Task and finish"
        REGULAR_UPDATE = "regular_update", "Regular update"
        ONE_OFF = "one_off", "One-off"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        SUBMITTED = "submitted", "Submitted for approval"
        APPROVED = "approved", "Approved"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        WITHDRAWN = "withdrawn", "Withdrawn"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="work_programme")
    municipal_year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=40, choices=Category.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    agreed_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics_agreed",
        help_text="The panel meeting that chose the topic.",
    )
    submitted_to = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics_submitted",
        help_text="The meeting of the approving body the topic went to.",
    )
    approved_by = models.ForeignKey(
        Panel, on_delete=models.SET_NULL, null=True, blank=True, related_name="topics_approved"
    )
    approved_on = models.DateField(null=True, blank=True)
    agenda_items = models.ManyToManyField(AgendaItem, blank=True, related_name="work_programme_topics")

    history = HistoricalRecords()

    class Meta:
        ordering = ["panel", "-municipal_year", "category", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class BackgroundPaper(models.Model):
    """A background paper of a report (s100D Local Government Act 1972): a paper that discloses facts on which the
    report is based and was relied on in preparing it. The report lists them; the council keeps them open to
    inspection for four years after the meeting (meetings/retention.py). Listed wherever its report may be read."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="background_papers")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    inspection = models.CharField(
        "where to inspect it",
        max_length=500,
        help_text="Where and how the public may inspect it, for example: Democratic Services, Town Hall.",
    )
    url = models.URLField("link", blank=True, max_length=500, help_text="Its address once it is published.")

    history = HistoricalRecords()
    objects = BackgroundPaperQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, audience: Audience) -> bool:
        """Twin of `BackgroundPaper.objects.visible_to` (its report, with what that needs, must be loaded)."""
        return self.document.is_visible_to(audience)


# The kinds of thing an AgendaPack's `contents` lists.
PACK_CONTENTS = ("items", "documents", "minute_entries")
# The history's reason for an item or paper removed because it held exempt information: the published pack
# versions that printed it are still to be withdrawn.
REMOVED_AS_EXEMPT = "Removed: it held exempt information"


def pack_upload_path(pack: "AgendaPack", filename: str) -> str:
    meeting = pack.meeting
    folder = f"packs/{meeting.panel.slug}/{meeting.date.isoformat()}"
    return f"{folder}/{pack.variant}-v{pack.version}-{pack.sha256[:12]}.pdf"


class AgendaPack(models.Model):
    """A frozen, published version of a meeting's agenda pack. Never rewritten: changes make a new version."""

    class Variant(models.TextChoices):
        PUBLIC = "public", "Public pack"
        MEMBERS = "members", "Members' pack (includes exempt papers)"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    variant = models.CharField(max_length=10, choices=Variant.choices)
    version = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=pack_upload_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    page_count = models.PositiveIntegerField()
    page_ranges = models.JSONField(
        default=dict, help_text="Agenda item id -> [first page, last page] of its papers in this pack."
    )
    fingerprint = models.CharField(max_length=64, help_text="Hash of everything the pack was built from.")
    build_seconds = models.FloatField()
    built_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True, help_text='For example "Supplementary agenda: item 11".')
    contents = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the version prints: the ids of the agenda items whose content it shows, of its papers "
        'and of the minutes in its minutes papers ({"items": [...], "documents": [...], "minute_entries": [...]}).',
    )

    objects = AgendaPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "variant", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "variant", "version"], name="one_pack_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_variant_display()} v{self.version}, {self.meeting}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A published agenda pack is never rewritten; build a new version instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:pack_version",
            kwargs={
                "slug": self.meeting.panel.slug,
                "date": self.meeting.date,
                "variant": self.variant,
                "version": self.version,
            },
        )

    @property
    def is_supplementary(self) -> bool:
        return self.version > 1

    @property
    def is_withdrawn(self) -> bool:
        """Load with select_related("withdrawal")."""
        try:
            return self.withdrawal is not None
        except PackWithdrawal.DoesNotExist:
            return False

    @property
    def is_exempt(self) -> bool:
        """Twin of `AgendaPackQuerySet.exempt_q`."""
        return self.variant == self.Variant.MEMBERS or self.is_withdrawn

    def is_visible_to(self, audience: Audience) -> bool:
        """Twin of `AgendaPack.objects.visible_to` (the meeting and withdrawal must be loaded)."""
        return audience.may_read(self.meeting, published=True, exempt=self.is_exempt)


def variant_for(audience: Audience, meeting: Meeting) -> str:
    """The pack this audience reads for the meeting: the members' pack if it may read the exempt papers."""
    return AgendaPack.Variant.MEMBERS if audience.may_read_exempt(meeting) else AgendaPack.Variant.PUBLIC


class PackWithdrawal(models.Model):
    """A published public pack version taken out of public view, usually because it holds information that
    became exempt after it was published. The version is kept for the record: members and officers still read
    it; its place on the meeting page says when and why it was withdrawn."""

    pack = models.OneToOneField(AgendaPack, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.TextField(help_text="Shown to the public on the meeting page.")
    withdrawn_at = models.DateTimeField(default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-withdrawn_at"]

    def __str__(self) -> str:
        return f"{self.pack} withdrawn {short_date(self.withdrawn_at)}"


class Apology(models.Model):
    """A councillor's apologies for absence, sent before the meeting; they flow into the minutes' attendance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="apologies")
    councillor = models.ForeignKey(Councillor, on_delete=models.CASCADE, related_name="apologies")
    message = models.TextField(blank=True, help_text="Optional: a note for the clerk. Not published.")
    substitute = models.ForeignKey(
        Councillor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutions",
        help_text="A councillor attending in their place, if the rules allow one.",
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "sent_at"]
        verbose_name_plural = "apologies"
        constraints = [models.UniqueConstraint(fields=["meeting", "councillor"], name="one_apology_per_meeting")]

    def __str__(self) -> str:
        return f"Apologies from Councillor {self.councillor.short_name}, {self.meeting}"


class PackBuildJobQuerySet(models.QuerySet):
    def active(self):
        """Jobs still to finish: waiting for the worker, or being built."""
        return self.filter(status__in=[PackBuildJob.Status.QUEUED, PackBuildJob.Status.RUNNING])


class PackBuildJob(models.Model):
    """A request to publish an agenda and build its packs, run by the background worker.

    While it builds, the worker beats (`heartbeat_at`) every few seconds; a job whose heartbeat stops, or whose task
    failed, is given up as failed with the reason (meetings.services.fail_stuck_jobs), so it never blocks
    publishing, and the officer can try again."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Building the pack"
        DONE = "done", "Published"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    note = models.CharField(max_length=300, blank=True)
    urgency_reason = models.TextField(
        blank=True, help_text="The reason for urgency given when publishing with short notice (kept for a retry)."
    )
    error = models.TextField(blank=True, help_text="What went wrong, in words for the officer.")
    task_id = models.CharField(max_length=64, blank=True)
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries", help_text="The failed job."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="The worker's last sign of life.")
    finished_at = models.DateTimeField(null=True, blank=True)
    packs = models.ManyToManyField(AgendaPack, blank=True, related_name="jobs")

    objects = PackBuildJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"], name="pack_job_status")]

    def __str__(self) -> str:
        return f"Pack build for {self.meeting}: {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
