from django import template

from ..admin.filters import mine_unfinished
from ..models import OutreachEvent
from ..roles import can_publish

register = template.Library()


@register.simple_tag
def review_counts(user):
    """What waits for this user: their review queue and their own unfinished records."""
    events = OutreachEvent.objects
    return {
        "queue": events.reviewable_by(user).awaiting_review().count(),
        "mine": events.editable_by(user).filter(mine_unfinished(user)).count(),
        "reviewer": can_publish(user),
    }
