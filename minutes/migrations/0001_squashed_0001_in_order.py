from django.db import migrations


class Migration(migrations.Migration):
    replaces = [("minutes", "0001_initial")]

    initial = True

    dependencies = [
        ("meetings", "0001_squashed_0001_in_order"),
    ]

    operations = []
