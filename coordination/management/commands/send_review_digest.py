from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination import notifications
from coordination.management.translated import TranslatedCommand
from coordination.models import OutreachEvent

#: How many activities a digest lists by name; the link opens the whole queue.
LISTED = 20


class Command(TranslatedCommand):
    help = gettext_lazy(
        "E-mail every reviewer whose queue is not empty how many activities wait for them "
        "(run it daily from cron)."
    )

    def handle(self, **options):
        may_publish = (
            Q(groups__permissions__codename="publish_outreachevent")
            | Q(user_permissions__codename="publish_outreachevent")
            | Q(is_superuser=True)
        )
        reviewers = (
            get_user_model()
            .objects.filter(may_publish, is_active=True, is_staff=True)
            .exclude(email="")
            .distinct()
            .order_by("pk")
        )
        sent = 0
        for reviewer in reviewers:
            queue = (
                OutreachEvent.objects.reviewable_by(reviewer)
                .awaiting_review()
                .select_related("organiser")
                .order_by("updated_at", "pk")
            )
            events = list(queue[: LISTED + 1])
            if not events:
                continue
            count = len(events) if len(events) <= LISTED else queue.count()
            notifications.digest(reviewer, events[:LISTED], count)
            sent += 1
        self.stdout.write(_("Sent %(count)d digest(s).") % {"count": sent})
