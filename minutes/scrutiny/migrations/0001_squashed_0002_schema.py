"""Squashed: creates what scrutiny 0001 to 0002 made, each model with its relations at once (the old migrations added most
relations one by one afterwards, and Django works out the state of every related model again for each: the squashed
ones migrate a new database in half the time). Written from the old migrations' final state; tests/portal/
test_migrations.py checks that both make the same schema."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("scrutiny", "0001_recommendations_decisions_call_in"),
        ("scrutiny", "0002_exempt_paragraph_may_be_not_yet_set"),
    ]

    initial = True

    dependencies = [
        ("meetings", "0003_squashed_0006_schema"),
        ("meetings", "0007_squashed_0017_links_to_minutes"),
        ("minutes", "0002_squashed_0003_schema"),
        ("portal", "0001_squashed_0001_users"),
    ]

    operations = [
        migrations.CreateModel(
            name="CallInRules",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "working_days",
                    models.PositiveSmallIntegerField(
                        default=5,
                        help_text="Working days after a decision is published in which it may be called in.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(30),
                        ],
                    ),
                ),
                (
                    "members_required",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="Members of the scrutiny panel who must sign a call-in request.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(20),
                        ],
                    ),
                ),
                (
                    "council",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="call_in_rules", to="meetings.council"
                    ),
                ),
            ],
            options={
                "verbose_name": "call-in rules",
                "verbose_name_plural": "call-in rules",
            },
        ),
        migrations.CreateModel(
            name="ExecutiveDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "reference",
                    models.SlugField(
                        help_text='The decision\'s reference, for its address: "ed-2021-14".', max_length=60
                    ),
                ),
                ("title", models.CharField(help_text="What was decided, in a line.", max_length=300)),
                ("decision", models.TextField(help_text="The decision as recorded.")),
                (
                    "decision_maker",
                    models.CharField(help_text='By whom: "the Executive", "the Executive Member ...".', max_length=300),
                ),
                ("decided_on", models.DateField()),
                ("is_key_decision", models.BooleanField(default=False)),
                ("reasons", models.TextField()),
                (
                    "alternatives",
                    models.TextField(blank=True, help_text="Alternative options considered and rejected."),
                ),
                (
                    "conflicts",
                    models.TextField(
                        blank=True, help_text="Conflicts of interest declared, and dispensations granted."
                    ),
                ),
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
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                ("published_on", models.DateField(blank=True, null=True)),
                ("call_in_deadline", models.DateField(blank=True, editable=False, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Not yet published"),
                            ("published", "Published"),
                            ("called_in", "Called in"),
                            ("no_further_action", "Called in: no further action, may be implemented"),
                            ("referred_back", "Called in: referred back to the decision-maker"),
                            ("referred_to_council", "Called in: referred to full Council"),
                        ],
                        default="draft",
                        max_length=30,
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "panel",
                    models.ForeignKey(
                        help_text="The panel that may call it in.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="executive_decisions",
                        to="meetings.panel",
                    ),
                ),
                (
                    "papers",
                    models.ManyToManyField(blank=True, related_name="executive_decisions", to="meetings.document"),
                ),
            ],
            options={
                "ordering": ["-decided_on", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("panel", "reference"), name="decision_reference_unique_per_panel")
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCallIn",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("requested_on", models.DateField()),
                ("reasons", models.TextField()),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("no_further_action", "No further action"),
                            ("referred_back", "Referred back to the decision-maker"),
                            ("referred_to_council", "Referred to full Council"),
                        ],
                        max_length=30,
                    ),
                ),
                ("outcome_on", models.DateField(blank=True, null=True)),
                ("outcome_notes", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "consideration_item",
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
                    "decision",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.executivedecision",
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
                "verbose_name": "historical call in",
                "verbose_name_plural": "historical call ins",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCallInRules",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "working_days",
                    models.PositiveSmallIntegerField(
                        default=5,
                        help_text="Working days after a decision is published in which it may be called in.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(30),
                        ],
                    ),
                ),
                (
                    "members_required",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="Members of the scrutiny panel who must sign a call-in request.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(20),
                        ],
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
            ],
            options={
                "verbose_name": "historical call-in rules",
                "verbose_name_plural": "historical call-in rules",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalExecutiveDecision",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "reference",
                    models.SlugField(
                        help_text='The decision\'s reference, for its address: "ed-2021-14".', max_length=60
                    ),
                ),
                ("title", models.CharField(help_text="What was decided, in a line.", max_length=300)),
                ("decision", models.TextField(help_text="The decision as recorded.")),
                (
                    "decision_maker",
                    models.CharField(help_text='By whom: "the Executive", "the Executive Member ...".', max_length=300),
                ),
                ("decided_on", models.DateField()),
                ("is_key_decision", models.BooleanField(default=False)),
                ("reasons", models.TextField()),
                (
                    "alternatives",
                    models.TextField(blank=True, help_text="Alternative options considered and rejected."),
                ),
                (
                    "conflicts",
                    models.TextField(
                        blank=True, help_text="Conflicts of interest declared, and dispensations granted."
                    ),
                ),
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
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(7),
                        ],
                    ),
                ),
                ("published_on", models.DateField(blank=True, null=True)),
                ("call_in_deadline", models.DateField(blank=True, editable=False, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Not yet published"),
                            ("published", "Published"),
                            ("called_in", "Called in"),
                            ("no_further_action", "Called in: no further action, may be implemented"),
                            ("referred_back", "Called in: referred back to the decision-maker"),
                            ("referred_to_council", "Called in: referred to full Council"),
                        ],
                        default="draft",
                        max_length=30,
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
                        help_text="The panel that may call it in.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.panel",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical executive decision",
                "verbose_name_plural": "historical executive decisions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRecommendation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(help_text="The panel's running number for it.")),
                ("text", models.TextField(help_text='What the panel recommends: "That the Executive ...".')),
                (
                    "addressee_kind",
                    models.CharField(
                        choices=[
                            ("executive", "The Executive"),
                            ("executive_member", "An Executive Member"),
                            ("council", "Full Council"),
                            ("partner", "A partner body"),
                            ("committee", "Another committee or board"),
                        ],
                        default="executive",
                        max_length=20,
                    ),
                ),
                (
                    "addressee",
                    models.CharField(
                        help_text='Who it goes to, as named: "the Executive Member for ...".', max_length=300
                    ),
                ),
                (
                    "referred_on",
                    models.DateField(blank=True, help_text="The day the decision-maker was given it.", null=True),
                ),
                ("response_due_on", models.DateField(blank=True, editable=False, null=True)),
                (
                    "response",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("accepted", "Accepted"),
                            ("partially_accepted", "Partially accepted"),
                            ("rejected", "Rejected"),
                        ],
                        max_length=20,
                    ),
                ),
                ("response_text", models.TextField(blank=True)),
                ("responded_on", models.DateField(blank=True, null=True)),
                ("responded_by", models.CharField(blank=True, help_text="Who gave the response.", max_length=300)),
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
                        help_text="The item it arose from (a review's final report, for example).",
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
                        help_text="The meeting that agreed it.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
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
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.workprogrammetopic",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical recommendation",
                "verbose_name_plural": "historical recommendations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(help_text="The panel's running number for it.")),
                ("text", models.TextField(help_text='What the panel recommends: "That the Executive ...".')),
                (
                    "addressee_kind",
                    models.CharField(
                        choices=[
                            ("executive", "The Executive"),
                            ("executive_member", "An Executive Member"),
                            ("council", "Full Council"),
                            ("partner", "A partner body"),
                            ("committee", "Another committee or board"),
                        ],
                        default="executive",
                        max_length=20,
                    ),
                ),
                (
                    "addressee",
                    models.CharField(
                        help_text='Who it goes to, as named: "the Executive Member for ...".', max_length=300
                    ),
                ),
                (
                    "referred_on",
                    models.DateField(blank=True, help_text="The day the decision-maker was given it.", null=True),
                ),
                ("response_due_on", models.DateField(blank=True, editable=False, null=True)),
                (
                    "response",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("accepted", "Accepted"),
                            ("partially_accepted", "Partially accepted"),
                            ("rejected", "Rejected"),
                        ],
                        max_length=20,
                    ),
                ),
                ("response_text", models.TextField(blank=True)),
                ("responded_on", models.DateField(blank=True, null=True)),
                ("responded_by", models.CharField(blank=True, help_text="Who gave the response.", max_length=300)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        help_text="The item it arose from (a review's final report, for example).",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="recommendations",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        help_text="The meeting that agreed it.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "panel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="recommendations", to="meetings.panel"
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="recommendations",
                        to="minutes.resolution",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="recommendations",
                        to="meetings.workprogrammetopic",
                    ),
                ),
            ],
            options={
                "ordering": ["panel", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("panel", "number"), name="recommendation_number_unique_per_panel"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("response", ""),
                            models.Q(("referred_on__isnull", False), ("responded_on__isnull", False)),
                            _connector="OR",
                        ),
                        name="recommendation_response_after_referral",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ActionPlanItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("description", models.TextField()),
                (
                    "owner_text",
                    models.CharField(blank=True, help_text="Who, when not an officer on record.", max_length=200),
                ),
                ("due_on", models.DateField(blank=True, null=True)),
                ("completed_on", models.DateField(blank=True, null=True)),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="meetings.officer",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_plan",
                        to="scrutiny.recommendation",
                    ),
                ),
            ],
            options={
                "ordering": ["recommendation", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="CallIn",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("requested_on", models.DateField()),
                ("reasons", models.TextField()),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("no_further_action", "No further action"),
                            ("referred_back", "Referred back to the decision-maker"),
                            ("referred_to_council", "Referred to full Council"),
                        ],
                        max_length=30,
                    ),
                ),
                ("outcome_on", models.DateField(blank=True, null=True)),
                ("outcome_notes", models.TextField(blank=True)),
                (
                    "consideration_item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="call_ins",
                        to="meetings.agendaitem",
                    ),
                ),
                ("signatories", models.ManyToManyField(related_name="call_ins", to="meetings.councillor")),
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="call_in",
                        to="scrutiny.executivedecision",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="HistoricalActionPlanItem",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("description", models.TextField()),
                (
                    "owner_text",
                    models.CharField(blank=True, help_text="Who, when not an officer on record.", max_length=200),
                ),
                ("due_on", models.DateField(blank=True, null=True)),
                ("completed_on", models.DateField(blank=True, null=True)),
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
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action plan item",
                "verbose_name_plural": "historical action plan items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCallIn_signatories",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "callin",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.callin",
                    ),
                ),
                (
                    "councillor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.councillor",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="scrutiny.historicalcallin",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalCallIn_signatories",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMonitoringUpdate",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("text", models.TextField()),
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
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical monitoring update",
                "verbose_name_plural": "historical monitoring updates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MonitoringUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField()),
                (
                    "agenda_item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="monitoring_updates",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="monitoring_updates",
                        to="scrutiny.recommendation",
                    ),
                ),
            ],
            options={
                "ordering": ["recommendation", "agenda_item__meeting__date", "pk"],
            },
        ),
    ]
