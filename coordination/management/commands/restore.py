from django.core.management.base import BaseCommand, CommandError

from coordination.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the WHOLE database by a backup made with `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--noinput", action="store_false", dest="interactive", help="Do not ask first."
        )

    def handle(self, *args, file, interactive=True, **options):
        if interactive:
            answer = input(f"Every record now in the database is replaced by {file}. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restore(file)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was restored.") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {file}."))
