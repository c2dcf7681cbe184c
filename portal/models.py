"""Accounts: people sign in with their email address and have one role."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.formats import short_date

if TYPE_CHECKING:
    from meetings.audience import Audience


class PortalUserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An account needs an email address.")
        email = self.normalize_email(email).strip().lower()
        user = self.model(email=email, username=email, **extra_fields)
        user.set_password(password)  # None gives an unusable password: they set one by the reset link
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, *, username=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email or username, password, **extra_fields)

    def create_superuser(self, email=None, password=None, *, username=None, **extra_fields):
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.ADMIN)
        return self._create_user(email or username, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A signed-in person. The username is their email address; the role decides what they may do."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Democratic services officer"
        COUNCILLOR = "councillor", "Councillor"
        ADMIN = "admin", "Administrator"

    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    councillor = models.OneToOneField(
        "meetings.Councillor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        help_text="The councillor this account belongs to (councillor role).",
    )
    papers_seen_at = models.DateTimeField(null=True, blank=True, help_text="When they last looked at new papers.")

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = PortalUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="councillor") | models.Q(councillor__isnull=False),
                name="councillor_account_names_its_councillor",
            ),
        ]

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.username = self.email
        # Only administrators use the back office (the Django admin); officers work in the portal itself.
        if self.role == self.Role.ADMIN:
            self.is_superuser = True
        elif self.role in {self.Role.OFFICER, self.Role.COUNCILLOR}:
            self.is_superuser = False
        self.is_staff = self.is_superuser
        super().save(*args, **kwargs)

    @property
    def is_officer(self) -> bool:
        return self.is_active and (self.role in {self.Role.OFFICER, self.Role.ADMIN} or self.is_superuser)

    @property
    def is_councillor(self) -> bool:
        return self.is_active and self.role == self.Role.COUNCILLOR and self.councillor_id is not None


class SearchEntryQuerySet(models.QuerySet):
    def visible_to(self, audience: "Audience") -> "SearchEntryQuerySet":
        """What the indexed objects' own visibility rules let this audience read. An exempt agenda item's title
        is public on its agenda, but its entry also carries its description, so the whole entry is exempt."""
        return self.filter(
            audience.readable(
                "meeting",
                published=Q(published=True),
                exempt=Q(exempt_paragraph__isnull=False),
                panel="panel_id",
                date="date",
            )
        )


class SearchEntry(models.Model):
    """One searchable thing (an agenda item, a paper, a minute or a resolution), denormalised so that search is a
    single indexed query. Visibility is decided from its own columns, by SearchEntryQuerySet.visible_to."""

    class Kind(models.TextChoices):
        AGENDA_ITEM = "agenda_item", "Agenda item"
        DOCUMENT = "document", "Paper"
        MINUTE = "minute", "Minute"
        RESOLUTION = "resolution", "Resolution"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    # Not indexed on its own: the (panel, date) and (panel, kind, date) indexes below lead with it.
    panel = models.ForeignKey("meetings.Panel", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(help_text="The meeting's date.")
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True, help_text="Plain text, for matching and snippets.")
    document_kind = models.CharField(max_length=20, blank=True, help_text="For papers: report, minutes, appendix...")
    url = models.CharField(max_length=500)
    published = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(null=True, blank=True)
    search_vector = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_object")]
        indexes = [
            GinIndex(fields=["search_vector"], name="search_entry_vector"),
            models.Index(fields=["panel", "date"], name="search_entry_panel_date"),
            models.Index(fields=["date"], name="search_entry_date"),
            # A common word with a kind filter otherwise scans many matches: 179 ms -> 10 ms on the bench data.
            models.Index(fields=["kind", "date"], name="search_entry_kind_date"),
            # With a panel and a kind, or a kind of paper, the newest matches are looked for among those entries
            # alone: PostgreSQL checks a filter given as an equality after the text match, which reads the entry's
            # whole vector (a phrase among one panel's minutes: 190 ms -> 46 ms at 500,000 entries).
            models.Index(fields=["panel", "kind", "date"], name="search_entry_panel_kind_date"),
            models.Index(fields=["kind", "document_kind", "date"], name="search_entry_paper_kind_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class PrivateNote(models.Model):
    """A councillor's (or officer's) own note on a paper: seen by its author only, kept across pack versions
    because it belongs to the paper, not to a pack."""

    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="private_notes")
    document = models.ForeignKey("meetings.Document", on_delete=models.CASCADE, related_name="private_notes")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["author", "document"], name="one_note_per_author_and_paper")]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.document}"


class AccessibilityTest(models.Model):
    """A test of the portal against WCAG 2.2 AA, recorded by the people who ran it. The accessibility statement
    reports the latest one (the 2018 regulations ask when and how the site was tested), and says so plainly
    when none is recorded."""

    class Compliance(models.TextChoices):
        FULL = "full", "Fully compliant"
        PARTIAL = "partial", "Partially compliant"
        NONE = "none", "Not compliant"

    tested_on = models.DateField(help_text="The day the test finished.")
    tested_by = models.CharField(max_length=200, help_text="Who carried it out: the council, or an organisation.")
    method = models.TextField(
        help_text="How: which pages were sampled, the tools used, what was checked by hand (keyboard, screen reader)."
    )
    compliance = models.CharField(max_length=10, choices=Compliance.choices)
    findings = models.TextField(
        blank=True, help_text="What does not yet meet WCAG 2.2 AA, and when it will be fixed: one issue per paragraph."
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-tested_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"Accessibility test of {short_date(self.tested_on)} by {self.tested_by}"

    @property
    def finding_list(self) -> list[str]:
        return [paragraph.strip() for paragraph in self.findings.split("\n\n") if paragraph.strip()]
