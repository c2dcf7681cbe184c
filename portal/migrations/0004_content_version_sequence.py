from django.db import migrations


class Migration(migrations.Migration):
    """The content version of the anonymous page cache lives in a PostgreSQL sequence: every process (web
    workers, the pack-build worker, commands) moves it on and reads it, whatever cache backend each one has."""

    dependencies = [("portal", "0003_search_kind_date")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE portal_content_version",
            reverse_sql="DROP SEQUENCE portal_content_version",
        )
    ]
