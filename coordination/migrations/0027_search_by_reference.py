import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0018_search_by_province"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="outreachevent",
            index=models.Index(
                django.db.models.functions.text.Upper("external_ref"),
                name="event_reference_upper",
            ),
        ),
    ]
