from django.db import migrations


def create(apps, schema_editor):
    # PostgreSQL only: the diacritic-free search runs LIKE '% word%' on search_text, which a
    # trigram index serves. SQLite scans, which is fine at its scale.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS event_search_trgm ON coordination_outreachevent "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("coordination", "0004_roles")]

    operations = [migrations.RunPython(create, drop)]
