"""Accounts: people sign in with their email address and have one role."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from simple_history.models import HistoricalRecords


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
        # Admins and officers use the back office; nobody else does.
        self.is_staff = self.role in {self.Role.OFFICER, self.Role.ADMIN} or self.is_superuser
        super().save(*args, **kwargs)

    @property
    def is_officer(self) -> bool:
        return self.is_active and (self.role in {self.Role.OFFICER, self.Role.ADMIN} or self.is_superuser)

    @property
    def is_councillor(self) -> bool:
        return self.is_active and self.role == self.Role.COUNCILLOR and self.councillor_id is not None
