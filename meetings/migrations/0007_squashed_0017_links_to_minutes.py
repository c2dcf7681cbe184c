"""Squashed: creates what meetings 0007 to 0017 made, each model with its relations at once (the old migrations added most
relations one by one afterwards, and Django works out the state of every related model again for each: the squashed
ones migrate a new database in half the time). Written from the old migrations' final state; tests/portal/
test_migrations.py checks that both make the same schema."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("meetings", "0007_pack_withdrawal"),
        ("meetings", "0008_meeting_end_time"),
        ("meetings", "0009_exempt_paragraph_not_set"),
        ("meetings", "0010_meeting_entered_from_records_at"),
        ("meetings", "0011_document_reading_copy"),
        ("meetings", "0012_exempt_lifecycle_and_background_papers"),
        ("meetings", "0013_released_paragraph_may_be_not_yet_set"),
        ("meetings", "0014_panel_retired_on"),
        ("meetings", "0015_councillor_email"),
        ("meetings", "0016_council_other_interest_label"),
        ("meetings", "0017_topic_ordering_tiebreak"),
    ]

    initial = True

    dependencies = [
        ("meetings", "0003_squashed_0006_schema"),
        ("minutes", "0002_squashed_0003_schema"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="confirms_minutes",
            field=models.ManyToManyField(
                blank=True,
                help_text="The earlier meetings whose minutes this item submits for confirmation.",
                related_name="confirming_items",
                to="minutes.minutes",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="minutes",
            field=models.ForeignKey(
                blank=True,
                help_text="Minutes papers are rendered from the minutes themselves.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="minutes.minutes",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(models.Q(("body_html", ""), _negated=True), ("file", ""), ("minutes__isnull", True)),
                    models.Q(("body_html", ""), models.Q(("file", ""), _negated=True), ("minutes__isnull", True)),
                    models.Q(("body_html", ""), ("file", ""), ("minutes__isnull", False)),
                    _connector="OR",
                ),
                name="document_has_exactly_one_source",
            ),
        ),
        migrations.AddField(
            model_name="historicaldocument",
            name="minutes",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Minutes papers are rendered from the minutes themselves.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="minutes.minutes",
            ),
        ),
    ]
