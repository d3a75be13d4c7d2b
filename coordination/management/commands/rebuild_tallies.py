from django.core.management.base import BaseCommand

from coordination import pagecache, tallies
from coordination.models import ActivityTally


class Command(BaseCommand):
    help = "Recount the dashboard tallies from the published activities (after bulk loads)."

    def handle(self, *args, **options):
        tallies.rebuild()
        pagecache.bump()
        self.stdout.write(f"Tallies rebuilt: {ActivityTally.objects.count()} rows.")
