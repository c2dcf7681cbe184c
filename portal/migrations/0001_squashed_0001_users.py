"""Squashed: creates what portal 0001 made, each model with its relations at once (the old migrations added most
relations one by one afterwards, and Django works out the state of every related model again for each: the squashed
ones migrate a new database in half the time). Written from the old migrations' final state; tests/portal/
test_migrations.py checks that both make the same schema."""

import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import portal.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("portal", "0001_initial")]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("meetings", "0002_squashed_0002_in_order"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessibilityTest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tested_on", models.DateField(help_text="The day the test finished.")),
                (
                    "tested_by",
                    models.CharField(help_text="Who carried it out: the council, or an organisation.", max_length=200),
                ),
                (
                    "method",
                    models.TextField(
                        help_text="How: which pages were sampled, the tools used, what was checked by hand (keyboard, screen reader)."
                    ),
                ),
                (
                    "compliance",
                    models.CharField(
                        choices=[
                            ("full", "Fully compliant"),
                            ("partial", "Partially compliant"),
                            ("none", "Not compliant"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "findings",
                    models.TextField(
                        blank=True,
                        help_text="What does not yet meet WCAG 2.2 AA, and when it will be fixed: one issue per paragraph.",
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-tested_on", "-recorded_at"],
            },
        ),
        migrations.CreateModel(
            name="User",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("password", models.CharField(max_length=128, verbose_name="password")),
                ("last_login", models.DateTimeField(blank=True, null=True, verbose_name="last login")),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                (
                    "username",
                    models.CharField(
                        error_messages={"unique": "A user with that username already exists."},
                        help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                        max_length=150,
                        unique=True,
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                        verbose_name="username",
                    ),
                ),
                ("first_name", models.CharField(blank=True, max_length=150, verbose_name="first name")),
                ("last_name", models.CharField(blank=True, max_length=150, verbose_name="last name")),
                (
                    "is_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Designates whether the user can log into this admin site.",
                        verbose_name="staff status",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                        verbose_name="active",
                    ),
                ),
                ("date_joined", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date joined")),
                ("email", models.EmailField(max_length=254, unique=True, verbose_name="email address")),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("officer", "Democratic services officer"),
                            ("councillor", "Councillor"),
                            ("admin", "Administrator"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "papers_seen_at",
                    models.DateTimeField(blank=True, help_text="When they last looked at new papers.", null=True),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
            ],
            options={
                "ordering": ["email"],
            },
            managers=[
                ("objects", portal.models.PortalUserManager()),
            ],
        ),
        migrations.CreateModel(
            name="HistoricalAccessibilityTest",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("tested_on", models.DateField(help_text="The day the test finished.")),
                (
                    "tested_by",
                    models.CharField(help_text="Who carried it out: the council, or an organisation.", max_length=200),
                ),
                (
                    "method",
                    models.TextField(
                        help_text="How: which pages were sampled, the tools used, what was checked by hand (keyboard, screen reader)."
                    ),
                ),
                (
                    "compliance",
                    models.CharField(
                        choices=[
                            ("full", "Fully compliant"),
                            ("partial", "Partially compliant"),
                            ("none", "Not compliant"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "findings",
                    models.TextField(
                        blank=True,
                        help_text="What does not yet meet WCAG 2.2 AA, and when it will be fixed: one issue per paragraph.",
                    ),
                ),
                ("recorded_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical accessibility test",
                "verbose_name_plural": "historical accessibility tests",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalUser",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                (
                    "username",
                    models.CharField(
                        db_index=True,
                        error_messages={"unique": "A user with that username already exists."},
                        help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                        max_length=150,
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                        verbose_name="username",
                    ),
                ),
                ("first_name", models.CharField(blank=True, max_length=150, verbose_name="first name")),
                ("last_name", models.CharField(blank=True, max_length=150, verbose_name="last name")),
                (
                    "is_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Designates whether the user can log into this admin site.",
                        verbose_name="staff status",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                        verbose_name="active",
                    ),
                ),
                ("date_joined", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date joined")),
                ("email", models.EmailField(db_index=True, max_length=254, verbose_name="email address")),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("officer", "Democratic services officer"),
                            ("councillor", "Councillor"),
                            ("admin", "Administrator"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "papers_seen_at",
                    models.DateTimeField(blank=True, help_text="When they last looked at new papers.", null=True),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical user",
                "verbose_name_plural": "historical users",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
