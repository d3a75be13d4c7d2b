import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0023_english_names_of_people_and_awards"),
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
