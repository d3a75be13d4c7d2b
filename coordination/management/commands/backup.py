from django.core.management.base import BaseCommand, CommandError

from coordination.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump on PostgreSQL, a consistent copy on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write it (default: BACKUP_DIR).")

    def handle(self, *args, file=None, **options):
        try:
            path = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
