from django.db import migrations, models

HELP = (
    "The published draft's version: a change after this version went out in a frozen agenda pack starts the next, "
    "so the record shows which version members saw."
)


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0004_exempt_paragraph_not_set"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalminutes",
            name="draft_version",
            field=models.PositiveIntegerField(default=1, help_text=HELP),
        ),
        migrations.AddField(
            model_name="minutes",
            name="draft_version",
            field=models.PositiveIntegerField(default=1, help_text=HELP),
        ),
    ]
