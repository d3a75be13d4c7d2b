import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

STATISTICS = "event_search_length"


def create_statistics(apps, schema_editor):
    # PostgreSQL only. Without statistics of the texts' lengths the planner takes "longer
    # than 600 characters" for a third of the rows, not the few there are, and reads the whole
    # table for a search's long texts (2.2 s at a million) instead of their index (0.1 ms).
    if schema_editor.connection.vendor != "postgresql":
        return
    table = "coordination_outreachevent"
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} ON (length(search_text)) FROM {table}"
    )
    schema_editor.execute(f"ANALYZE {table}")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0017_province_and_branch_statistics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="outreachevent",
            index=models.Index(
                condition=models.Q(
                    ("status", "published"),
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("search_text"), 600
                    ),
                ),
                fields=["province"],
                include=("id", "search_text"),
                name="event_search_short",
            ),
        ),
        migrations.AddIndex(
            model_name="outreachevent",
            index=models.Index(
                condition=models.Q(
                    ("status", "published"),
                    django.db.models.lookups.GreaterThan(
                        django.db.models.functions.text.Length("search_text"), 600
                    ),
                ),
                fields=["province"],
                name="event_search_long",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
