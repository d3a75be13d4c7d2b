from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coordination.models import StaffAssignment, UnionBranch
from coordination.roles import GROUP_NAMES, group_for


class Command(BaseCommand):
    help = (
        "Tie a staff user to a union branch with a role (entry, reviewer or central). "
        "Creates the user, with an unusable password, when missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("branch_code")
        parser.add_argument("--role", required=True, help="entry, reviewer or central")

    def handle(self, username, branch_code, role, **options):
        if role not in GROUP_NAMES:
            raise CommandError(
                f"Unknown role {role!r}: use one of {', '.join(GROUP_NAMES)}. Nothing changed."
            )
        branch = UnionBranch.objects.filter(code=branch_code).first()
        if branch is None:
            raise CommandError(f"No union branch with code {branch_code!r}. Nothing changed.")
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_unusable_password()
            user.is_staff = True
            user.save()
            user.groups.add(group_for(role))
            _, tied = StaffAssignment.objects.get_or_create(user=user, branch=branch)
        done = []
        if created:
            done.append(
                f"created user {username!r} with no password yet "
                f"(set one: python manage.py changepassword {username})"
            )
        done.append(f"role {GROUP_NAMES[role]!r}")
        done.append(
            f"tied to {branch.name} ({branch.code})" if tied else f"already tied to {branch.code}"
        )
        self.stdout.write(self.style.SUCCESS("; ".join(done) + "."))
