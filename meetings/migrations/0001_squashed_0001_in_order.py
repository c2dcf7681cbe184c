"""Squashed: stands for meetings 0001 in the order databases made before the squash applied the old migrations, which
took turns between meetings, minutes and portal (minutes 0001 came between meetings 0001 and 0002). It creates
nothing: the squashed migrations around it create the models, each with its relations, at once."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [("meetings", "0001_initial")]

    initial = True

    dependencies = []

    operations = []
