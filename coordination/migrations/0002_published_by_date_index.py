from django.db import migrations

INDEX = "event_published_by_date"


def create_index(apps, schema_editor):
    # Matches the list's ORDER BY start_date DESC NULLS LAST, id DESC. SQLite already puts
    # NULLs last in a descending order and cannot spell NULLS LAST in an index.
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON coordination_outreachevent "
        f"(start_date DESC{nulls}, id DESC) WHERE status = 'published'"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
