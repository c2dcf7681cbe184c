"""A search entry's text is kept out of line uncompressed (STORAGE EXTERNAL): each result's snippet reads its whole
text, and decompressing a 10,000-character paper costs more than finding the word in it. Rows written before this
keep their compressed text until they are written again (`manage.py rebuild_search_index` rewrites them all)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0008_search_panel_index_dropped")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE portal_searchentry ALTER COLUMN body SET STORAGE EXTERNAL",
            "ALTER TABLE portal_searchentry ALTER COLUMN body SET STORAGE EXTENDED",
        )
    ]
