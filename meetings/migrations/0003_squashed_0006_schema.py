"""Squashed: creates what meetings 0003 to 0006 made, each model with its relations at once (the old migrations added most
relations one by one afterwards, and Django works out the state of every related model again for each: the squashed
ones migrate a new database in half the time). Written from the old migrations' final state; tests/portal/
test_migrations.py checks that both make the same schema."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import meetings.models
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("meetings", "0003_initial"),
        ("meetings", "0004_document_published_copy_and_text"),
        ("meetings", "0005_pack_build_job_heartbeat"),
        ("meetings", "0006_council_accessibility_contact"),
    ]

    initial = True

    dependencies = [
        ("meetings", "0002_squashed_0002_in_order"),
        ("portal", "0001_squashed_0001_users"),
    ]

    operations = [
        migrations.CreateModel(
            name="Council",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(unique=True)),
                ("address", models.TextField(blank=True, help_text="Postal address, one line per line.")),
                ("website", models.URLField(blank=True)),
                (
                    "accessible_format_days",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text="Working days in which the council answers a request for an accessible format.",
                    ),
                ),
                (
                    "email",
                    models.EmailField(
                        blank=True,
                        help_text="Where people ask for papers in an accessible format or report an accessibility problem.",
                        max_length=254,
                    ),
                ),
                ("telephone", models.CharField(blank=True, max_length=40)),
                (
                    "other_interest_label",
                    models.CharField(
                        blank=True,
                        help_text='What the council\'s code of conduct calls an interest of a fourth kind; "Other disclosable interest" if empty.',
                        max_length=100,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Councillor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("first_name", models.CharField(blank=True, max_length=100)),
                ("initials", models.CharField(blank=True, max_length=20)),
                ("surname", models.CharField(max_length=100)),
                ("honours", models.CharField(blank=True, help_text="For example CBE.", max_length=50)),
                ("slug", models.SlugField(unique=True)),
                ("party", models.CharField(blank=True, max_length=100)),
                ("ward", models.CharField(blank=True, max_length=100)),
                (
                    "council",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="councillors", to="meetings.council"
                    ),
                ),
                (
                    "email",
                    models.EmailField(
                        blank=True,
                        help_text="Where the council writes to the councillor; their invitation goes here.",
                        max_length=254,
                    ),
                ),
            ],
            options={
                "ordering": ["surname", "initials", "first_name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="HistoricalCouncil",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField()),
                ("address", models.TextField(blank=True, help_text="Postal address, one line per line.")),
                ("website", models.URLField(blank=True)),
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
                (
                    "accessible_format_days",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text="Working days in which the council answers a request for an accessible format.",
                    ),
                ),
                (
                    "email",
                    models.EmailField(
                        blank=True,
                        help_text="Where people ask for papers in an accessible format or report an accessibility problem.",
                        max_length=254,
                    ),
                ),
                ("telephone", models.CharField(blank=True, max_length=40)),
                (
                    "other_interest_label",
                    models.CharField(
                        blank=True,
                        help_text='What the council\'s code of conduct calls an interest of a fourth kind; "Other disclosable interest" if empty.',
                        max_length=100,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical council",
                "verbose_name_plural": "historical councils",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCouncillor",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("first_name", models.CharField(blank=True, max_length=100)),
                ("initials", models.CharField(blank=True, max_length=20)),
                ("surname", models.CharField(max_length=100)),
                ("honours", models.CharField(blank=True, help_text="For example CBE.", max_length=50)),
                ("slug", models.SlugField()),
                ("party", models.CharField(blank=True, max_length=100)),
                ("ward", models.CharField(blank=True, max_length=100)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "council",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.council",
                    ),
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
                (
                    "email",
                    models.EmailField(
                        blank=True,
                        help_text="Where the council writes to the councillor; their invitation goes here.",
                        max_length=254,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical councillor",
                "verbose_name_plural": "historical councillors",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOfficer",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("first_name", models.CharField(blank=True, max_length=100)),
                ("initials", models.CharField(blank=True, max_length=20)),
                ("surname", models.CharField(max_length=100)),
                ("honours", models.CharField(blank=True, help_text="For example CBE.", max_length=50)),
                ("job_title", models.CharField(blank=True, max_length=200)),
                ("organisation", models.CharField(blank=True, max_length=200)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("telephone", models.CharField(blank=True, max_length=40)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "council",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Empty for people from other bodies, such as a DfE Commissioner.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.council",
                    ),
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
                "verbose_name": "historical officer",
                "verbose_name_plural": "historical officers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Officer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("first_name", models.CharField(blank=True, max_length=100)),
                ("initials", models.CharField(blank=True, max_length=20)),
                ("surname", models.CharField(max_length=100)),
                ("honours", models.CharField(blank=True, help_text="For example CBE.", max_length=50)),
                ("job_title", models.CharField(blank=True, max_length=200)),
                ("organisation", models.CharField(blank=True, max_length=200)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("telephone", models.CharField(blank=True, max_length=40)),
                (
                    "council",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for people from other bodies, such as a DfE Commissioner.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="officers",
                        to="meetings.council",
                    ),
                ),
            ],
            options={
                "ordering": ["surname", "initials", "first_name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Panel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("scrutiny_panel", "Scrutiny panel"),
                            ("scrutiny_board", "Overview and scrutiny board"),
                            ("committee", "Committee"),
                            ("task_and_finish", "Task and finish group"),
                        ],
                        default="scrutiny_panel",
                        max_length=30,
                    ),
                ),
                ("remit", models.TextField(blank=True)),
                (
                    "minute_numbering",
                    models.CharField(
                        choices=[
                            ("none", "Minutes are not numbered"),
                            ("per_meeting", "Numbered from 1 at each meeting"),
                            ("municipal_year", "Numbered through the municipal year (32/24)"),
                        ],
                        default="none",
                        max_length=20,
                    ),
                ),
                ("default_start_time", models.TimeField(blank=True, null=True)),
                ("default_venue", models.CharField(blank=True, max_length=200)),
                (
                    "contact_officer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="panels_supported",
                        to="meetings.officer",
                    ),
                ),
                (
                    "council",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="panels", to="meetings.council"
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="The body this panel reports to, such as the Overview and Scrutiny Board.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="meetings.panel",
                    ),
                ),
                (
                    "retired_on",
                    models.DateField(
                        blank=True,
                        help_text="The day the panel stopped meeting (abolished, merged or renamed). Its record stays public; no new meetings can be arranged for it.",
                        null=True,
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMeeting",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("date", models.DateField()),
                (
                    "start_time",
                    models.TimeField(blank=True, help_text="Empty while the time is to be confirmed.", null=True),
                ),
                ("venue", models.CharField(blank=True, max_length=200)),
                ("is_virtual", models.BooleanField(default=False)),
                ("livestream_url", models.URLField(blank=True)),
                ("livestream_note", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("agenda_published", "Agenda published"),
                            ("held", "Held"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="scheduled",
                        max_length=20,
                    ),
                ),
                ("cancellation_reason", models.TextField(blank=True)),
                ("dispatch_date", models.DateField(blank=True, help_text="The date printed on the agenda.", null=True)),
                (
                    "signatory_address",
                    models.TextField(blank=True, help_text="One line per line, as printed under the signature."),
                ),
                (
                    "urgency_reason",
                    models.TextField(
                        blank=True,
                        help_text="Why the agenda was published with less than five clear working days' notice.",
                    ),
                ),
                ("agenda_published_at", models.DateTimeField(blank=True, null=True)),
                (
                    "agenda_version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Goes up with every change to the agenda, so two editors never overwrite each other.",
                    ),
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
                (
                    "signatory",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.officer",
                    ),
                ),
                (
                    "panel",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.panel",
                    ),
                ),
                (
                    "end_time",
                    models.TimeField(
                        blank=True,
                        help_text="The planned finish, where the council publishes one; empty if not known.",
                        null=True,
                    ),
                ),
                (
                    "entered_from_records_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Set when an officer entered this meeting, already held, from the council's records: its agenda was never published here before the meeting.",
                        null=True,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical meeting",
                "verbose_name_plural": "historical meetings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "municipal_year",
                    models.PositiveSmallIntegerField(help_text="The year the municipal year starts: 2021 for 2021/22."),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("chair", "Chair"), ("vice_chair", "Vice Chair"), ("member", "Member")],
                        default="member",
                        max_length=20,
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, help_text="Order in the published membership list."),
                ),
                ("starts_on", models.DateField(blank=True, null=True)),
                ("ends_on", models.DateField(blank=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "councillor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.councillor",
                    ),
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
                (
                    "panel",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.panel",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical membership",
                "verbose_name_plural": "historical memberships",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPanel",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=100)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("scrutiny_panel", "Scrutiny panel"),
                            ("scrutiny_board", "Overview and scrutiny board"),
                            ("committee", "Committee"),
                            ("task_and_finish", "Task and finish group"),
                        ],
                        default="scrutiny_panel",
                        max_length=30,
                    ),
                ),
                ("remit", models.TextField(blank=True)),
                (
                    "minute_numbering",
                    models.CharField(
                        choices=[
                            ("none", "Minutes are not numbered"),
                            ("per_meeting", "Numbered from 1 at each meeting"),
                            ("municipal_year", "Numbered through the municipal year (32/24)"),
                        ],
                        default="none",
                        max_length=20,
                    ),
                ),
                ("default_start_time", models.TimeField(blank=True, null=True)),
                ("default_venue", models.CharField(blank=True, max_length=200)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "council",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.council",
                    ),
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
                (
                    "contact_officer",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.officer",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The body this panel reports to, such as the Overview and Scrutiny Board.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.panel",
                    ),
                ),
                (
                    "retired_on",
                    models.DateField(
                        blank=True,
                        help_text="The day the panel stopped meeting (abolished, merged or renamed). Its record stays public; no new meetings can be arranged for it.",
                        null=True,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical panel",
                "verbose_name_plural": "historical panels",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Meeting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField()),
                (
                    "start_time",
                    models.TimeField(blank=True, help_text="Empty while the time is to be confirmed.", null=True),
                ),
                ("venue", models.CharField(blank=True, max_length=200)),
                ("is_virtual", models.BooleanField(default=False)),
                ("livestream_url", models.URLField(blank=True)),
                ("livestream_note", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("agenda_published", "Agenda published"),
                            ("held", "Held"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="scheduled",
                        max_length=20,
                    ),
                ),
                ("cancellation_reason", models.TextField(blank=True)),
                ("dispatch_date", models.DateField(blank=True, help_text="The date printed on the agenda.", null=True)),
                (
                    "signatory_address",
                    models.TextField(blank=True, help_text="One line per line, as printed under the signature."),
                ),
                (
                    "urgency_reason",
                    models.TextField(
                        blank=True,
                        help_text="Why the agenda was published with less than five clear working days' notice.",
                    ),
                ),
                ("agenda_published_at", models.DateTimeField(blank=True, null=True)),
                (
                    "agenda_version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Goes up with every change to the agenda, so two editors never overwrite each other.",
                    ),
                ),
                (
                    "signatory",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="signed_agendas",
                        to="meetings.officer",
                    ),
                ),
                (
                    "panel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="meetings", to="meetings.panel"
                    ),
                ),
                (
                    "end_time",
                    models.TimeField(
                        blank=True,
                        help_text="The planned finish, where the council publishes one; empty if not known.",
                        null=True,
                    ),
                ),
                (
                    "entered_from_records_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Set when an officer entered this meeting, already held, from the council's records: its agenda was never published here before the meeting.",
                        null=True,
                    ),
                ),
            ],
            options={
                "ordering": ["date", "start_time"],
                "indexes": [models.Index(fields=["date"], name="meetings_me_date_7423c8_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("panel", "date"), name="one_meeting_per_panel_per_day"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_time__isnull", True),
                            models.Q(("end_time__gt", models.F("start_time")), ("start_time__isnull", False)),
                            _connector="OR",
                        ),
                        name="meeting_ends_after_it_starts",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "municipal_year",
                    models.PositiveSmallIntegerField(help_text="The year the municipal year starts: 2021 for 2021/22."),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("chair", "Chair"), ("vice_chair", "Vice Chair"), ("member", "Member")],
                        default="member",
                        max_length=20,
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, help_text="Order in the published membership list."),
                ),
                ("starts_on", models.DateField(blank=True, null=True)),
                ("ends_on", models.DateField(blank=True, null=True)),
                (
                    "councillor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="meetings.councillor",
                    ),
                ),
                (
                    "panel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="meetings.panel"
                    ),
                ),
            ],
            options={
                "ordering": ["panel", "-municipal_year", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("councillor__isnull", False)),
                        fields=("panel", "councillor", "municipal_year"),
                        name="one_seat_per_councillor_per_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("councillor__isnull", False), ("role", "member"), _connector="OR"),
                        name="vacant_seat_has_no_role",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ScheduleChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("previous_date", models.DateField()),
                ("previous_time", models.TimeField(blank=True, null=True)),
                ("new_date", models.DateField()),
                ("new_time", models.TimeField(blank=True, null=True)),
                ("reason", models.TextField(blank=True)),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "agreed_at",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting that agreed the change, if it was agreed at one.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="schedule_changes_agreed",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="schedule_changes",
                        to="meetings.meeting",
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "recorded_at"],
            },
        ),
        migrations.CreateModel(
            name="AgendaPack",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "variant",
                    models.CharField(
                        choices=[("public", "Public pack"), ("members", "Members' pack (includes exempt papers)")],
                        max_length=10,
                    ),
                ),
                ("version", models.PositiveSmallIntegerField()),
                ("file", models.FileField(upload_to=meetings.models.pack_upload_path)),
                ("sha256", models.CharField(max_length=64)),
                ("size", models.PositiveBigIntegerField()),
                ("page_count", models.PositiveIntegerField()),
                (
                    "page_ranges",
                    models.JSONField(
                        default=dict, help_text="Agenda item id -> [first page, last page] of its papers in this pack."
                    ),
                ),
                (
                    "fingerprint",
                    models.CharField(help_text="Hash of everything the pack was built from.", max_length=64),
                ),
                ("build_seconds", models.FloatField()),
                ("built_at", models.DateTimeField(auto_now_add=True)),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text='For example "Supplementary agenda: item 11".', max_length=300
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="packs", to="meetings.meeting"
                    ),
                ),
                (
                    "contents",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='What the version prints: the ids of the agenda items whose content it shows, of its papers and of the minutes in its minutes papers ({"items": [...], "documents": [...], "minute_entries": [...]}).',
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "variant", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("meeting", "variant", "version"), name="one_pack_per_version")
                ],
            },
        ),
        migrations.CreateModel(
            name="AgendaSection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("heading", models.CharField(max_length=300)),
                (
                    "excludes_public",
                    models.BooleanField(
                        default=False, help_text="Items in this part are taken with the press and public excluded."
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="sections", to="meetings.meeting"
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "position"],
            },
        ),
        migrations.CreateModel(
            name="Apology",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("message", models.TextField(blank=True, help_text="Optional: a note for the clerk. Not published.")),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                (
                    "councillor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="apologies", to="meetings.councillor"
                    ),
                ),
                (
                    "substitute",
                    models.ForeignKey(
                        blank=True,
                        help_text="A councillor attending in their place, if the rules allow one.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="substitutions",
                        to="meetings.councillor",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="apologies", to="meetings.meeting"
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "apologies",
                "ordering": ["meeting", "sent_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("meeting", "councillor"), name="one_apology_per_meeting")
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAgendaItem",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("number", models.CharField(help_text="As printed: 1, 2, 5a.", max_length=10)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("chair_pro_tem", "Appointment of chair pro-tem"),
                            ("apologies", "Apologies for absence"),
                            ("declarations", "Declarations of interest"),
                            ("previous_minutes", "Minutes of the previous meeting"),
                            ("report", "Report"),
                            ("verbal_update", "Verbal update"),
                            ("presentation", "Presentation"),
                            ("exclusion", "Exclusion of the press and public"),
                            ("next_meeting", "Date and time of next meeting"),
                            ("urgent_items", "Any other urgent items"),
                            ("other", "Other business"),
                        ],
                        default="report",
                        max_length=30,
                    ),
                ),
                ("title", models.CharField(max_length=500)),
                ("description", models.TextField(blank=True, help_text="The text printed under the title.")),
                (
                    "exempt_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        help_text="Set when the item is exempt under this paragraph of Schedule 12A.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                ("is_late", models.BooleanField(default=False, help_text="Added after the agenda was published.")),
                (
                    "urgency_reason",
                    models.TextField(blank=True, help_text="Why a late item is taken as a matter of urgency."),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1)),
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
                (
                    "section",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.agendasection",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "presenter",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.officer",
                    ),
                ),
                (
                    "exempt_until",
                    models.DateField(
                        blank=True,
                        help_text="The information becomes public on this day (for example once the contract is signed).",
                        null=True,
                        verbose_name="release date",
                    ),
                ),
                (
                    "exemption_reasons",
                    models.TextField(
                        blank=True,
                        help_text="Why the public interest in keeping the information exempt outweighs the public interest in disclosing it (Schedule 12A, paragraph 10).",
                        verbose_name="public interest reasons",
                    ),
                ),
                (
                    "exemption_review_on",
                    models.DateField(
                        blank=True,
                        help_text="When an officer should look again at whether it is exempt.",
                        null=True,
                        verbose_name="review date",
                    ),
                ),
                (
                    "release_reason",
                    models.TextField(blank=True, editable=False, help_text="Why it was released: public."),
                ),
                ("released_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "released_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        editable=False,
                        help_text="The paragraph it was exempt under.",
                        null=True,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agenda item",
                "verbose_name_plural": "historical agenda items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgendaSection",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("heading", models.CharField(max_length=300)),
                (
                    "excludes_public",
                    models.BooleanField(
                        default=False, help_text="Items in this part are taken with the press and public excluded."
                    ),
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
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agenda section",
                "verbose_name_plural": "historical agenda sections",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalApology",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("message", models.TextField(blank=True, help_text="Optional: a note for the clerk. Not published.")),
                ("sent_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "councillor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.councillor",
                    ),
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
                (
                    "substitute",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="A councillor attending in their place, if the rules allow one.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.councillor",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical apology",
                "verbose_name_plural": "historical apologies",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPackWithdrawal",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("reason", models.TextField(help_text="Shown to the public on the meeting page.")),
                ("withdrawn_at", models.DateTimeField(default=django.utils.timezone.now)),
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
                (
                    "pack",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.agendapack",
                    ),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pack withdrawal",
                "verbose_name_plural": "historical pack withdrawals",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalScheduleChange",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("previous_date", models.DateField()),
                ("previous_time", models.TimeField(blank=True, null=True)),
                ("new_date", models.DateField()),
                ("new_time", models.TimeField(blank=True, null=True)),
                ("reason", models.TextField(blank=True)),
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
                (
                    "agreed_at",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting that agreed the change, if it was agreed at one.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical schedule change",
                "verbose_name_plural": "historical schedule changes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalWorkProgrammeTopic",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("municipal_year", models.PositiveSmallIntegerField()),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("full_review", "Full review"),
                            ("update_on_previous_review", "Update on previous review"),
                            ("task_and_finish", "Task and finish"),
                            ("regular_update", "Regular update"),
                            ("one_off", "One-off"),
                        ],
                        max_length=40,
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("title", models.CharField(max_length=300)),
                ("notes", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("submitted", "Submitted for approval"),
                            ("approved", "Approved"),
                            ("in_progress", "In progress"),
                            ("complete", "Complete"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="proposed",
                        max_length=20,
                    ),
                ),
                ("approved_on", models.DateField(blank=True, null=True)),
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
                (
                    "agreed_at",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The panel meeting that chose the topic.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "submitted_to",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting of the approving body the topic went to.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.panel",
                    ),
                ),
                (
                    "panel",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.panel",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical work programme topic",
                "verbose_name_plural": "historical work programme topics",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PackBuildJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting to start"),
                            ("running", "Building the pack"),
                            ("done", "Published"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("error", models.TextField(blank=True, help_text="What went wrong, in words for the officer.")),
                ("task_id", models.CharField(blank=True, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="pack_jobs", to="meetings.meeting"
                    ),
                ),
                ("packs", models.ManyToManyField(blank=True, related_name="jobs", to="meetings.agendapack")),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "heartbeat_at",
                    models.DateTimeField(blank=True, help_text="The worker's last sign of life.", null=True),
                ),
                (
                    "retry_of",
                    models.ForeignKey(
                        blank=True,
                        help_text="The failed job.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="retries",
                        to="meetings.packbuildjob",
                    ),
                ),
                (
                    "urgency_reason",
                    models.TextField(
                        blank=True,
                        help_text="The reason for urgency given when publishing with short notice (kept for a retry).",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["status"], name="pack_job_status")],
            },
        ),
        migrations.CreateModel(
            name="PackWithdrawal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(help_text="Shown to the public on the meeting page.")),
                ("withdrawn_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "pack",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="withdrawal", to="meetings.agendapack"
                    ),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-withdrawn_at"],
            },
        ),
        migrations.CreateModel(
            name="AgendaItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("number", models.CharField(help_text="As printed: 1, 2, 5a.", max_length=10)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("chair_pro_tem", "Appointment of chair pro-tem"),
                            ("apologies", "Apologies for absence"),
                            ("declarations", "Declarations of interest"),
                            ("previous_minutes", "Minutes of the previous meeting"),
                            ("report", "Report"),
                            ("verbal_update", "Verbal update"),
                            ("presentation", "Presentation"),
                            ("exclusion", "Exclusion of the press and public"),
                            ("next_meeting", "Date and time of next meeting"),
                            ("urgent_items", "Any other urgent items"),
                            ("other", "Other business"),
                        ],
                        default="report",
                        max_length=30,
                    ),
                ),
                ("title", models.CharField(max_length=500)),
                ("description", models.TextField(blank=True, help_text="The text printed under the title.")),
                (
                    "exempt_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        help_text="Set when the item is exempt under this paragraph of Schedule 12A.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                ("is_late", models.BooleanField(default=False, help_text="Added after the agenda was published.")),
                (
                    "urgency_reason",
                    models.TextField(blank=True, help_text="Why a late item is taken as a matter of urgency."),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "section",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="items",
                        to="meetings.agendasection",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="agenda_items", to="meetings.meeting"
                    ),
                ),
                (
                    "presenter",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="items_presented",
                        to="meetings.officer",
                    ),
                ),
                (
                    "exempt_until",
                    models.DateField(
                        blank=True,
                        help_text="The information becomes public on this day (for example once the contract is signed).",
                        null=True,
                        verbose_name="release date",
                    ),
                ),
                (
                    "exemption_reasons",
                    models.TextField(
                        blank=True,
                        help_text="Why the public interest in keeping the information exempt outweighs the public interest in disclosing it (Schedule 12A, paragraph 10).",
                        verbose_name="public interest reasons",
                    ),
                ),
                (
                    "exemption_review_on",
                    models.DateField(
                        blank=True,
                        help_text="When an officer should look again at whether it is exempt.",
                        null=True,
                        verbose_name="review date",
                    ),
                ),
                (
                    "release_reason",
                    models.TextField(blank=True, editable=False, help_text="Why it was released: public."),
                ),
                ("released_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "released_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        editable=False,
                        help_text="The paragraph it was exempt under.",
                        null=True,
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "position"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("exempt_paragraph__isnull", True),
                            models.Q(("exempt_paragraph__gte", 0), ("exempt_paragraph__lte", 7)),
                            _connector="OR",
                        ),
                        name="agenda_item_exempt_paragraph_in_schedule_12a",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("slug", models.SlugField(max_length=120)),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("report", "Report"),
                            ("minutes", "Minutes"),
                            ("appendix", "Appendix"),
                            ("presentation", "Presentation"),
                            ("letter", "Letter"),
                        ],
                        default="report",
                        max_length=20,
                    ),
                ),
                ("author", models.CharField(blank=True, help_text="Who wrote it, as printed on it.", max_length=300)),
                ("date", models.DateField(blank=True, null=True)),
                ("summary", models.TextField(blank=True)),
                ("body_html", models.TextField(blank=True, help_text="An authored report, kept as sanitised HTML.")),
                ("file", models.FileField(blank=True, upload_to=meetings.models.document_upload_path)),
                ("page_count", models.PositiveIntegerField(blank=True, null=True)),
                ("file_sha256", models.CharField(blank=True, max_length=64)),
                ("file_size", models.PositiveBigIntegerField(blank=True, null=True)),
                (
                    "exempt_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        help_text="Set when this paper is exempt even though its item is not (an exempt appendix).",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for papers that belong to the meeting but to no one item.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="meetings.meeting"
                    ),
                ),
                (
                    "extracted_text",
                    models.TextField(blank=True, editable=False, help_text="For search; read in the background."),
                ),
                (
                    "published_file",
                    models.FileField(
                        blank=True,
                        editable=False,
                        help_text="The uploaded PDF as the portal republishes it: without scripts, actions, embedded files or non-web links, page boxes normalised. The original file is kept as uploaded.",
                        upload_to=meetings.models.published_copy_path,
                    ),
                ),
                ("text_extracted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "reading_copy",
                    models.JSONField(
                        blank=True,
                        editable=False,
                        help_text="The text as a web page (meetings/reading_copy.py), read in the background with the text.",
                        null=True,
                    ),
                ),
                (
                    "exempt_until",
                    models.DateField(
                        blank=True,
                        help_text="The information becomes public on this day (for example once the contract is signed).",
                        null=True,
                        verbose_name="release date",
                    ),
                ),
                (
                    "exemption_reasons",
                    models.TextField(
                        blank=True,
                        help_text="Why the public interest in keeping the information exempt outweighs the public interest in disclosing it (Schedule 12A, paragraph 10).",
                        verbose_name="public interest reasons",
                    ),
                ),
                (
                    "exemption_review_on",
                    models.DateField(
                        blank=True,
                        help_text="When an officer should look again at whether it is exempt.",
                        null=True,
                        verbose_name="review date",
                    ),
                ),
                (
                    "release_reason",
                    models.TextField(blank=True, editable=False, help_text="Why it was released: public."),
                ),
                ("released_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "released_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        editable=False,
                        help_text="The paragraph it was exempt under.",
                        null=True,
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "agenda_item__position", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("meeting", "slug"), name="document_slug_unique_per_meeting"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("exempt_paragraph__isnull", True),
                            models.Q(("exempt_paragraph__gte", 0), ("exempt_paragraph__lte", 7)),
                            _connector="OR",
                        ),
                        name="document_exempt_paragraph_in_schedule_12a",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalBackgroundPaper",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("title", models.CharField(max_length=300)),
                (
                    "inspection",
                    models.CharField(
                        help_text="Where and how the public may inspect it, for example: Democratic Services, Town Hall.",
                        max_length=500,
                        verbose_name="where to inspect it",
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True, help_text="Its address once it is published.", max_length=500, verbose_name="link"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.document",
                    ),
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
                "verbose_name": "historical background paper",
                "verbose_name_plural": "historical background papers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDocument",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("uuid", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("slug", models.SlugField(max_length=120)),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("report", "Report"),
                            ("minutes", "Minutes"),
                            ("appendix", "Appendix"),
                            ("presentation", "Presentation"),
                            ("letter", "Letter"),
                        ],
                        default="report",
                        max_length=20,
                    ),
                ),
                ("author", models.CharField(blank=True, help_text="Who wrote it, as printed on it.", max_length=300)),
                ("date", models.DateField(blank=True, null=True)),
                ("summary", models.TextField(blank=True)),
                ("body_html", models.TextField(blank=True, help_text="An authored report, kept as sanitised HTML.")),
                ("file", models.TextField(blank=True, max_length=100)),
                ("page_count", models.PositiveIntegerField(blank=True, null=True)),
                ("file_sha256", models.CharField(blank=True, max_length=64)),
                ("file_size", models.PositiveBigIntegerField(blank=True, null=True)),
                (
                    "exempt_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        help_text="Set when this paper is exempt even though its item is not (an exempt appendix).",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Empty for papers that belong to the meeting but to no one item.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.agendaitem",
                    ),
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
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "published_file",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="The uploaded PDF as the portal republishes it: without scripts, actions, embedded files or non-web links, page boxes normalised. The original file is kept as uploaded.",
                        max_length=100,
                    ),
                ),
                (
                    "exempt_until",
                    models.DateField(
                        blank=True,
                        help_text="The information becomes public on this day (for example once the contract is signed).",
                        null=True,
                        verbose_name="release date",
                    ),
                ),
                (
                    "exemption_reasons",
                    models.TextField(
                        blank=True,
                        help_text="Why the public interest in keeping the information exempt outweighs the public interest in disclosing it (Schedule 12A, paragraph 10).",
                        verbose_name="public interest reasons",
                    ),
                ),
                (
                    "exemption_review_on",
                    models.DateField(
                        blank=True,
                        help_text="When an officer should look again at whether it is exempt.",
                        null=True,
                        verbose_name="review date",
                    ),
                ),
                (
                    "release_reason",
                    models.TextField(blank=True, editable=False, help_text="Why it was released: public."),
                ),
                ("released_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "released_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (0, "Paragraph not yet set"),
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        editable=False,
                        help_text="The paragraph it was exempt under.",
                        null=True,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical document",
                "verbose_name_plural": "historical documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="WorkProgrammeTopic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("municipal_year", models.PositiveSmallIntegerField()),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("full_review", "Full review"),
                            ("update_on_previous_review", "Update on previous review"),
                            ("task_and_finish", "Task and finish"),
                            ("regular_update", "Regular update"),
                            ("one_off", "One-off"),
                        ],
                        max_length=40,
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("title", models.CharField(max_length=300)),
                ("notes", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("submitted", "Submitted for approval"),
                            ("approved", "Approved"),
                            ("in_progress", "In progress"),
                            ("complete", "Complete"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="proposed",
                        max_length=20,
                    ),
                ),
                ("approved_on", models.DateField(blank=True, null=True)),
                (
                    "agenda_items",
                    models.ManyToManyField(blank=True, related_name="work_programme_topics", to="meetings.agendaitem"),
                ),
                (
                    "agreed_at",
                    models.ForeignKey(
                        blank=True,
                        help_text="The panel meeting that chose the topic.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="topics_agreed",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="topics_approved",
                        to="meetings.panel",
                    ),
                ),
                (
                    "panel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="work_programme", to="meetings.panel"
                    ),
                ),
                (
                    "submitted_to",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting of the approving body the topic went to.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="topics_submitted",
                        to="meetings.meeting",
                    ),
                ),
            ],
            options={
                "ordering": ["panel", "-municipal_year", "category", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="BackgroundPaper",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("title", models.CharField(max_length=300)),
                (
                    "inspection",
                    models.CharField(
                        help_text="Where and how the public may inspect it, for example: Democratic Services, Town Hall.",
                        max_length=500,
                        verbose_name="where to inspect it",
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True, help_text="Its address once it is published.", max_length=500, verbose_name="link"
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="background_papers",
                        to="meetings.document",
                    ),
                ),
            ],
            options={
                "ordering": ["document", "position", "pk"],
            },
        ),
    ]
