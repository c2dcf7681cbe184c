from django.db import migrations


class Migration(migrations.Migration):
    replaces = [("meetings", "0002_initial")]

    initial = True

    dependencies = [
        ("meetings", "0001_squashed_0001_in_order"),
        ("minutes", "0001_squashed_0001_in_order"),
    ]

    operations = []
