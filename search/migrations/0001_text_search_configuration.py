"""On PostgreSQL: the unaccent extension and a text search configuration
"portal" that ignores diacritics, so "rownosc" finds "równość" while excerpts
still show the original spelling. Other databases use the portable search."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal') THEN
    CREATE TEXT SEARCH CONFIGURATION portal (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION portal ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(forwards, backwards)]
