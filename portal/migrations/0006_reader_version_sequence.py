from django.db import migrations


class Migration(migrations.Migration):
    """The reader version of shared page fragments (portal.page_cache.READERS), in a sequence like the content
    version. Both are moved on once here, so that the first real move changes what `last_value` reads (a new
    sequence reads 1 before its first `nextval` and after it)."""

    dependencies = [("portal", "0005_accessibility_test")]

    operations = [
        migrations.RunSQL(
            [
                "CREATE SEQUENCE portal_reader_version",
                "SELECT nextval('portal_reader_version')",
                "SELECT nextval('portal_content_version') WHERE NOT (SELECT is_called FROM portal_content_version)",
            ],
            reverse_sql="DROP SEQUENCE portal_reader_version",
        )
    ]
