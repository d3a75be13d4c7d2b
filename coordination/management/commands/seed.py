from django.core.management.base import BaseCommand, CommandError

from coordination.seeding import SEEDS_DIR, Loader, SeedError


class Command(BaseCommand):
    help = "Load the data files in seeds/ (provinces and the facts of the source articles)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(SEEDS_DIR), help="Folder of the seed files.")

    def handle(self, *args, **options):
        try:
            counts = Loader(options["dir"]).run()
        except SeedError as exc:
            raise CommandError(
                "Seed files have errors; nothing was loaded:\n  " + "\n  ".join(exc.problems)
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Seeds loaded: {created} created, {updated} updated, {unchanged} unchanged, "
                "{deleted} deleted.".format(**counts)
            )
        )
