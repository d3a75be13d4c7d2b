from django.db import migrations

#: Published rows in the list's order (newest first, undated last) under each province and each
#: organising branch. A former province's rows all predate the newest ones, so the list's main
#: index (0002) was walked past 166,000 rows before it found its first 25.
ORDERED = {
    "event_published_province_date": "province_id",
    "event_published_org_date": "organiser_id",
}


def create_ordered(apps, schema_editor):
    # As in 0002: SQLite puts NULLs last in a descending order and cannot spell NULLS LAST.
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    for name, column in ORDERED.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON coordination_outreachevent "
            f"({column}, start_date DESC{nulls}, id DESC) WHERE status = 'published'"
        )


def drop_ordered(apps, schema_editor):
    for name in ORDERED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def search_by_province(apps, schema_editor):
    # PostgreSQL only. A search within a province intersected the trigram index's bitmap of
    # every row with a common word (400,000 at a million, 190 ms) with the province's rows.
    # With the province in the same GIN index (btree_gin), the scan skips to the province's
    # entries in each trigram's list (50 ms for "an ninh", 3 for a rare phrase); a search
    # without a province uses it as it used the trigrams alone.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    _replace_search_index(schema_editor, "province_id, search_text gin_trgm_ops")


def search_alone(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _replace_search_index(schema_editor, "search_text gin_trgm_ops")


def _replace_search_index(schema_editor, columns):
    # Built beside the old one, which searches keep using until the swap at the commit (the
    # build takes a minute or more at a million activities; writes wait for it either way).
    schema_editor.execute(
        f"CREATE INDEX event_search_trgm_new ON coordination_outreachevent USING gin ({columns})"
    )
    schema_editor.execute("DROP INDEX IF EXISTS event_search_trgm")
    schema_editor.execute("ALTER INDEX event_search_trgm_new RENAME TO event_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0015_drop_plain_start_date_index"),
    ]

    operations = [
        migrations.RunPython(create_ordered, drop_ordered),
        migrations.RemoveIndex(
            model_name="outreachevent",
            name="event_published_province",
        ),
        migrations.RemoveIndex(
            model_name="outreachevent",
            name="event_published_org",
        ),
        migrations.RunPython(search_by_province, search_alone),
    ]
