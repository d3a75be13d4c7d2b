from django.core.management.base import BaseCommand

from coordination import changes
from coordination.models import ActivityTally


class Command(BaseCommand):
    help = "Recount the dashboard tallies from the published activities (after bulk loads)."

    def handle(self, *args, **options):
        with changes.recorded() as batch:
            batch.recount()
        self.stdout.write(f"Tallies rebuilt: {ActivityTally.objects.count()} rows.")
