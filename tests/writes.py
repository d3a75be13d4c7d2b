"""Writes made by tests go through the unit of work, as the app's own writers do."""

from coordination import changes
from coordination.models import OutreachEvent


def save(*objects):
    """Save these records in one unit of work (existing activities declared first)."""
    existing = [obj for obj in objects if isinstance(obj, OutreachEvent) and obj.pk]
    with changes.recorded(existing) as batch:
        for obj in objects:
            obj.save()
            batch.touch(obj)
