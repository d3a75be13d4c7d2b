from django.core.management.base import BaseCommand

from coordination import changes
from coordination.models import ActivityCube, ActivityTally


class Command(BaseCommand):
    help = (
        "Recount the dashboard tallies and cube from the published activities (after bulk loads)."
    )

    def handle(self, *args, **options):
        with changes.recorded() as batch:
            batch.recount()
        tallied, cells = ActivityTally.objects.count(), ActivityCube.objects.count()
        self.stdout.write(f"Tallies rebuilt: {tallied} rows, {cells} cube cells.")
