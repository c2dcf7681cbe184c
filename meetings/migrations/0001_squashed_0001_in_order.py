from django.db import migrations


class Migration(migrations.Migration):
    replaces = [("meetings", "0001_initial")]

    initial = True

    dependencies = []

    operations = []
