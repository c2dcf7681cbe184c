"""Squashed: creates what portal 0002 to 0006 made, each model with its relations at once (the old migrations added most
relations one by one afterwards, and Django works out the state of every related model again for each: the squashed
ones migrate a new database in half the time). Written from the old migrations' final state; tests/portal/
test_migrations.py checks that both make the same schema."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("portal", "0002_search_and_notes"),
        ("portal", "0003_search_kind_date"),
        ("portal", "0004_content_version_sequence"),
        ("portal", "0005_accessibility_test"),
        ("portal", "0006_reader_version_sequence"),
    ]

    initial = True

    dependencies = [
        ("meetings", "0003_squashed_0006_schema"),
        ("portal", "0001_squashed_0001_users"),
    ]

    operations = [
        migrations.CreateModel(
            name="PrivateNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="private_notes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="private_notes",
                        to="meetings.document",
                    ),
                ),
            ],
            options={
                "ordering": ["-updated_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("author", "document"), name="one_note_per_author_and_paper")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("agenda_item", "Agenda item"),
                            ("document", "Paper"),
                            ("minute", "Minute"),
                            ("resolution", "Resolution"),
                        ],
                        max_length=20,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("date", models.DateField(help_text="The meeting's date.")),
                ("title", models.CharField(max_length=500)),
                ("body", models.TextField(blank=True, help_text="Plain text, for matching and snippets.")),
                (
                    "document_kind",
                    models.CharField(blank=True, help_text="For papers: report, minutes, appendix...", max_length=20),
                ),
                ("url", models.CharField(max_length=500)),
                ("published", models.BooleanField(default=False)),
                ("exempt_paragraph", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.meeting"
                    ),
                ),
                (
                    "panel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.panel"
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="search_entry_vector"),
                    models.Index(fields=["panel", "date"], name="search_entry_panel_date"),
                    models.Index(fields=["date"], name="search_entry_date"),
                    models.Index(fields=["kind", "date"], name="search_entry_kind_date"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="one_search_entry_per_object")
                ],
            },
        ),
        migrations.AddField(
            model_name="historicaluser",
            name="councillor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The councillor this account belongs to (councillor role).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="meetings.councillor",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="councillor",
            field=models.OneToOneField(
                blank=True,
                help_text="The councillor this account belongs to (councillor role).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="user",
                to="meetings.councillor",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("role", "councillor"), _negated=True), ("councillor__isnull", False), _connector="OR"
                ),
                name="councillor_account_names_its_councillor",
            ),
        ),
        migrations.RunSQL(
            sql=[
                "CREATE SEQUENCE portal_content_version",
                "CREATE SEQUENCE portal_reader_version",
                "SELECT nextval('portal_reader_version')",
                "SELECT nextval('portal_content_version') WHERE NOT (SELECT is_called FROM portal_content_version)",
            ],
            reverse_sql=["DROP SEQUENCE portal_reader_version", "DROP SEQUENCE portal_content_version"],
        ),
    ]
