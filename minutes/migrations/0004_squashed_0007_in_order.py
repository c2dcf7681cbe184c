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
