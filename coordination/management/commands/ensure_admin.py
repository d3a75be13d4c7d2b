import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local administrator account when none exists and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator account already exists; nothing to do.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(options["username"], password=password)
        self.stdout.write(
            self.style.WARNING(
                f"Created administrator '{options['username']}' with password: {password}\n"
                "It is shown only this once: note it down or change it in /admin/."
            )
        )
