from django.db import migrations, models

HELP = (
    "Set when an officer entered this meeting, already held, from the council's records: its agenda was never "
    "published here before the meeting."
)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_exempt_paragraph_not_set"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeeting",
            name="entered_from_records_at",
            field=models.DateTimeField(blank=True, null=True, help_text=HELP),
        ),
        migrations.AddField(
            model_name="meeting",
            name="entered_from_records_at",
            field=models.DateTimeField(blank=True, null=True, help_text=HELP),
        ),
    ]
