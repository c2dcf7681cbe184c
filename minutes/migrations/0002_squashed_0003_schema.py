"""Squashed: creates what minutes 0002 to 0003 made, each model with its relations at once (the old migrations added most
relations one by one afterwards, and Django works out the state of every related model again for each: the squashed
ones migrate a new database in half the time). Written from the old migrations' final state; tests/portal/
test_migrations.py checks that both make the same schema."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("minutes", "0002_initial"), ("minutes", "0003_action_version")]

    initial = True

    dependencies = [
        ("meetings", "0003_squashed_0006_schema"),
        ("minutes", "0001_squashed_0001_in_order"),
        ("portal", "0001_squashed_0001_users"),
        ("portal", "0002_squashed_0006_search_notes_and_sequences"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalMinutes",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (not yet published)"),
                            ("published", "Draft, subject to approval"),
                            ("confirmed", "Confirmed as a correct record"),
                        ],
                        default="draft",
                        max_length=20,
                    ),
                ),
                (
                    "opening_text",
                    models.TextField(blank=True, help_text='For example "A meeting of the ... was held on ...".'),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("amendments", models.TextField(blank=True, help_text="Amendments made when they were confirmed.")),
                (
                    "text_not_held",
                    models.BooleanField(
                        default=False,
                        help_text="Only the record of confirmation is held; the minutes' text is not in the portal.",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "confirmed_at_meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The later meeting that approved them as a correct record.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "confirmed_by_item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The agenda item of that meeting, when the portal holds its agenda.",
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
                    "draft_version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="The published draft's version: a change after this version went out in a frozen agenda pack starts the next, so the record shows which version members saw.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical minutes",
                "verbose_name_plural": "historical minutes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Minutes",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (not yet published)"),
                            ("published", "Draft, subject to approval"),
                            ("confirmed", "Confirmed as a correct record"),
                        ],
                        default="draft",
                        max_length=20,
                    ),
                ),
                (
                    "opening_text",
                    models.TextField(blank=True, help_text='For example "A meeting of the ... was held on ...".'),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("amendments", models.TextField(blank=True, help_text="Amendments made when they were confirmed.")),
                (
                    "text_not_held",
                    models.BooleanField(
                        default=False,
                        help_text="Only the record of confirmation is held; the minutes' text is not in the portal.",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "confirmed_at_meeting",
                    models.ForeignKey(
                        blank=True,
                        help_text="The later meeting that approved them as a correct record.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="minutes_confirmed",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "confirmed_by_item",
                    models.ForeignKey(
                        blank=True,
                        help_text="The agenda item of that meeting, when the portal holds its agenda.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="minutes_confirmed",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "meeting",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="minutes", to="meetings.meeting"
                    ),
                ),
                (
                    "draft_version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="The published draft's version: a change after this version went out in a frozen agenda pack starts the next, so the record shows which version members saw.",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "minutes",
                "ordering": ["meeting__date"],
            },
        ),
        migrations.CreateModel(
            name="Attendance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("present", "Present"),
                            ("substitute", "Present as substitute"),
                            ("attending", "Also in attendance (not a member)"),
                            ("officer", "Officer in attendance"),
                            ("apologies", "Apologies for absence"),
                            ("absent", "Absent"),
                        ],
                        max_length=20,
                    ),
                ),
                ("name", models.CharField(blank=True, help_text="Anyone else: a witness, a co-optee.", max_length=200)),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("chair", "Chair"),
                            ("vice_chair", "Vice Chair"),
                            ("chair_pro_tem", "Chair pro-tem"),
                            ("member", "Member"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "capacity",
                    models.CharField(
                        blank=True, help_text='Why they attended, e.g. "under Procedure Rule 4.32".', max_length=300
                    ),
                ),
                (
                    "councillor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="meetings.councillor",
                    ),
                ),
                (
                    "officer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="meetings.officer",
                    ),
                ),
                (
                    "substitute_for",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="meetings.councillor",
                    ),
                ),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="attendance", to="minutes.minutes"
                    ),
                ),
            ],
            options={
                "ordering": ["minutes", "position"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("councillor__isnull", False), ("officer__isnull", True), ("name", "")),
                            models.Q(("councillor__isnull", True), ("officer__isnull", False), ("name", "")),
                            models.Q(
                                ("councillor__isnull", True),
                                ("officer__isnull", True),
                                models.Q(("name", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="attendance_names_exactly_one_person",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Declaration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("dpi", "Disclosable pecuniary interest"),
                            ("other_registrable", "Other registrable interest"),
                            ("non_registrable", "Non-registrable interest"),
                            ("other", "Other disclosable interest"),
                            ("none", "No declarations"),
                        ],
                        max_length=20,
                    ),
                ),
                ("text", models.TextField(help_text="The interest, as minuted.")),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="declarations", to="minutes.minutes"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("left_room", "Left the room for the item"),
                            ("did_not_vote", "Stayed but did not vote"),
                            ("spoke_then_left", "Spoke as a member of the public, then left the room"),
                            ("took_part", "Took part in the item"),
                        ],
                        max_length=20,
                    ),
                ),
            ],
            options={
                "ordering": ["minutes", "position"],
            },
        ),
        migrations.CreateModel(
            name="DeclaringCouncillor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "councillor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="meetings.councillor"
                    ),
                ),
                (
                    "declaration",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="declaring", to="minutes.declaration"
                    ),
                ),
            ],
            options={
                "ordering": ["declaration", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("declaration", "councillor"), name="declaration_names_a_councillor_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAttendance",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("present", "Present"),
                            ("substitute", "Present as substitute"),
                            ("attending", "Also in attendance (not a member)"),
                            ("officer", "Officer in attendance"),
                            ("apologies", "Apologies for absence"),
                            ("absent", "Absent"),
                        ],
                        max_length=20,
                    ),
                ),
                ("name", models.CharField(blank=True, help_text="Anyone else: a witness, a co-optee.", max_length=200)),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("chair", "Chair"),
                            ("vice_chair", "Vice Chair"),
                            ("chair_pro_tem", "Chair pro-tem"),
                            ("member", "Member"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "capacity",
                    models.CharField(
                        blank=True, help_text='Why they attended, e.g. "under Procedure Rule 4.32".', max_length=300
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
                    "officer",
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
                    "substitute_for",
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
                    "minutes",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.minutes",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical attendance",
                "verbose_name_plural": "historical attendances",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDeclaration",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("dpi", "Disclosable pecuniary interest"),
                            ("other_registrable", "Other registrable interest"),
                            ("non_registrable", "Non-registrable interest"),
                            ("other", "Other disclosable interest"),
                            ("none", "No declarations"),
                        ],
                        max_length=20,
                    ),
                ),
                ("text", models.TextField(help_text="The interest, as minuted.")),
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
                    "minutes",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.minutes",
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("left_room", "Left the room for the item"),
                            ("did_not_vote", "Stayed but did not vote"),
                            ("spoke_then_left", "Spoke as a member of the public, then left the room"),
                            ("took_part", "Took part in the item"),
                        ],
                        max_length=20,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical declaration",
                "verbose_name_plural": "historical declarations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDeclaringCouncillor",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
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
                    "declaration",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.declaration",
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
                "verbose_name": "historical declaring councillor",
                "verbose_name_plural": "historical declaring councillors",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMinuteEntry",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "number",
                    models.CharField(
                        blank=True, help_text='As printed: "5" or "32/24"; empty if unnumbered.', max_length=20
                    ),
                ),
                ("heading", models.CharField(max_length=500)),
                ("body_html", models.TextField(blank=True, help_text="The minute, as sanitised HTML.")),
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
                        help_text="Set for minutes of exempt business, taken with the press and public excluded.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                (
                    "excludes_public",
                    models.BooleanField(
                        default=False,
                        help_text="This minute records the resolution under s100A(4) to exclude the press and public.",
                    ),
                ),
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
                    "minutes",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.minutes",
                    ),
                ),
                (
                    "drafted",
                    models.BooleanField(
                        default=False,
                        help_text="The text is still the portal's draft from the attendance and declarations: it follows them until an officer edits it.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical minute entry",
                "verbose_name_plural": "historical minute entries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MinuteEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "number",
                    models.CharField(
                        blank=True, help_text='As printed: "5" or "32/24"; empty if unnumbered.', max_length=20
                    ),
                ),
                ("heading", models.CharField(max_length=500)),
                ("body_html", models.TextField(blank=True, help_text="The minute, as sanitised HTML.")),
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
                        help_text="Set for minutes of exempt business, taken with the press and public excluded.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                (
                    "excludes_public",
                    models.BooleanField(
                        default=False,
                        help_text="This minute records the resolution under s100A(4) to exclude the press and public.",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="minute_entries",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="entries", to="minutes.minutes"
                    ),
                ),
                (
                    "drafted",
                    models.BooleanField(
                        default=False,
                        help_text="The text is still the portal's draft from the attendance and declarations: it follows them until an officer edits it.",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "minute entries",
                "ordering": ["minutes", "position"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("exempt_paragraph__isnull", True),
                            models.Q(("exempt_paragraph__gte", 0), ("exempt_paragraph__lte", 7)),
                            _connector="OR",
                        ),
                        name="minute_entry_exempt_paragraph_in_schedule_12a",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Resolution",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "text",
                    models.TextField(help_text='As minuted: "AGREED that ...". Lettered parts go in the parts below.'),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="resolutions",
                        to="minutes.minuteentry",
                    ),
                ),
            ],
            options={
                "ordering": ["entry", "position"],
            },
        ),
        migrations.CreateModel(
            name="ResolutionPart",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("label", models.CharField(help_text="a, b, c or i, ii.", max_length=5)),
                ("text", models.TextField()),
                (
                    "resolution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="parts", to="minutes.resolution"
                    ),
                ),
            ],
            options={
                "ordering": ["resolution", "position"],
            },
        ),
        migrations.CreateModel(
            name="Action",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("description", models.TextField()),
                (
                    "owner_text",
                    models.CharField(blank=True, help_text="Who, when not an officer on record.", max_length=200),
                ),
                ("due_date", models.DateField(blank=True, null=True)),
                ("due_text", models.CharField(blank=True, help_text='As promised: "in due course".', max_length=100)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("in_progress", "In progress"),
                            ("done", "Done"),
                            ("dropped", "No longer needed"),
                        ],
                        default="open",
                        max_length=20,
                    ),
                ),
                ("progress_note", models.TextField(blank=True)),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="actions",
                        to="meetings.officer",
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="actions", to="minutes.minuteentry"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Goes up with every change, so two officers never overwrite each other's updates.",
                    ),
                ),
            ],
            options={
                "ordering": ["entry", "position"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAction",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("description", models.TextField()),
                (
                    "owner_text",
                    models.CharField(blank=True, help_text="Who, when not an officer on record.", max_length=200),
                ),
                ("due_date", models.DateField(blank=True, null=True)),
                ("due_text", models.CharField(blank=True, help_text='As promised: "in due course".', max_length=100)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("in_progress", "In progress"),
                            ("done", "Done"),
                            ("dropped", "No longer needed"),
                        ],
                        default="open",
                        max_length=20,
                    ),
                ),
                ("progress_note", models.TextField(blank=True)),
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
                    "owner",
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
                    "entry",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.minuteentry",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Goes up with every change, so two officers never overwrite each other's updates.",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action",
                "verbose_name_plural": "historical actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResolution",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "text",
                    models.TextField(help_text='As minuted: "AGREED that ...". Lettered parts go in the parts below.'),
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
                    "entry",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.minuteentry",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical resolution",
                "verbose_name_plural": "historical resolutions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResolutionPart",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("label", models.CharField(help_text="a, b, c or i, ii.", max_length=5)),
                ("text", models.TextField()),
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
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="minutes.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical resolution part",
                "verbose_name_plural": "historical resolution parts",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="declaration",
            name="councillors",
            field=models.ManyToManyField(
                blank=True, related_name="+", through="minutes.DeclaringCouncillor", to="meetings.councillor"
            ),
        ),
    ]
