"""Declarations name one or several councillors (DeclaringCouncillor) and say what they did; the older "personal
interest" becomes the council-named fourth kind, and councils that used it keep that name for it."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def councillors_and_kinds_carried_over(apps, schema_editor):
    Declaration = apps.get_model("minutes", "Declaration")
    HistoricalDeclaration = apps.get_model("minutes", "HistoricalDeclaration")
    DeclaringCouncillor = apps.get_model("minutes", "DeclaringCouncillor")
    HistoricalDeclaringCouncillor = apps.get_model("minutes", "HistoricalDeclaringCouncillor")
    Council = apps.get_model("meetings", "Council")
    now = timezone.now()
    db = schema_editor.connection.alias  # the database being migrated, which need not be the default
    for declaration in Declaration.objects.using(db).exclude(councillor=None).order_by("pk"):
        named = DeclaringCouncillor.objects.using(db).create(
            declaration_id=declaration.pk, councillor_id=declaration.councillor_id, position=1
        )
        # Its history starts when the declaration's did, by the same person, so the audit trail reads as before.
        first = HistoricalDeclaration.objects.using(db).filter(id=declaration.pk).order_by("history_date", "history_id").first()
        HistoricalDeclaringCouncillor.objects.using(db).create(
            id=named.pk,
            declaration_id=declaration.pk,
            councillor_id=declaration.councillor_id,
            position=1,
            history_date=first.history_date if first else now,
            history_user_id=first.history_user_id if first else None,
            history_type="+",
        )
    personal = Declaration.objects.using(db).filter(kind="personal")
    councils = Council.objects.using(db).filter(panels__meetings__minutes__declarations__in=personal, other_interest_label="")
    councils.distinct().update(other_interest_label="Personal interest")
    personal.update(kind="other")
    HistoricalDeclaration.objects.using(db).filter(kind="personal").update(kind="other")


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0016_council_other_interest_label'),
        ('minutes', '0005_minutes_draft_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='declaration',
            name='action',
            field=models.CharField(blank=True, choices=[('left_room', 'Left the room for the item'), ('did_not_vote', 'Stayed but did not vote'), ('spoke_then_left', 'Spoke as a member of the public, then left the room'), ('took_part', 'Took part in the item')], max_length=20),
        ),
        migrations.AddField(
            model_name='historicaldeclaration',
            name='action',
            field=models.CharField(blank=True, choices=[('left_room', 'Left the room for the item'), ('did_not_vote', 'Stayed but did not vote'), ('spoke_then_left', 'Spoke as a member of the public, then left the room'), ('took_part', 'Took part in the item')], max_length=20),
        ),
        migrations.AlterField(
            model_name='declaration',
            name='kind',
            field=models.CharField(choices=[('dpi', 'Disclosable pecuniary interest'), ('other_registrable', 'Other registrable interest'), ('non_registrable', 'Non-registrable interest'), ('other', 'Other disclosable interest'), ('none', 'No declarations')], max_length=20),
        ),
        migrations.AlterField(
            model_name='declaration',
            name='text',
            field=models.TextField(help_text='The interest, as minuted.'),
        ),
        migrations.AlterField(
            model_name='historicaldeclaration',
            name='kind',
            field=models.CharField(choices=[('dpi', 'Disclosable pecuniary interest'), ('other_registrable', 'Other registrable interest'), ('non_registrable', 'Non-registrable interest'), ('other', 'Other disclosable interest'), ('none', 'No declarations')], max_length=20),
        ),
        migrations.AlterField(
            model_name='historicaldeclaration',
            name='text',
            field=models.TextField(help_text='The interest, as minuted.'),
        ),
        migrations.CreateModel(
            name='DeclaringCouncillor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('councillor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='meetings.councillor')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='declaring', to='minutes.declaration')),
            ],
            options={
                'ordering': ['declaration', 'position'],
            },
        ),
        migrations.AddField(
            model_name='declaration',
            name='councillors',
            field=models.ManyToManyField(blank=True, related_name='+', through='minutes.DeclaringCouncillor', to='meetings.councillor'),
        ),
        migrations.CreateModel(
            name='HistoricalDeclaringCouncillor',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('councillor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.councillor')),
                ('declaration', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='minutes.declaration')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical declaring councillor',
                'verbose_name_plural': 'historical declaring councillors',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='declaringcouncillor',
            constraint=models.UniqueConstraint(fields=('declaration', 'councillor'), name='declaration_names_a_councillor_once'),
        ),
            migrations.RunPython(councillors_and_kinds_carried_over, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='declaration',
            name='councillor',
        ),
        migrations.RemoveField(
            model_name='historicaldeclaration',
            name='councillor',
        ),
    ]
