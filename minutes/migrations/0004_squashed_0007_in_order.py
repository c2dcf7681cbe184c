"""Squashed: stands for minutes 0004 to 0007 in the order databases made before the squash applied the old migrations, which
took turns between meetings, minutes and portal (minutes 0001 came between meetings 0001 and 0002). It creates
nothing: the squashed migrations around it create the models, each with its relations, at once."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("minutes", "0004_exempt_paragraph_not_set"),
        ("minutes", "0005_minutes_draft_version"),
        ("minutes", "0006_declarations_by_several_councillors"),
        ("minutes", "0007_minute_entry_drafted_text"),
    ]

    initial = True

    dependencies = [
        ("minutes", "0002_squashed_0003_schema"),
        ("scrutiny", "0001_squashed_0002_schema"),
    ]

    operations = []
