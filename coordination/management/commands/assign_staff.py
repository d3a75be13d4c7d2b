from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination import changes
from coordination.management.translated import TranslatedCommand
from coordination.models import Province, StaffAssignment, UnionBranch
from coordination.roles import GROUP_NAMES, group_for

#: How many existing codes an error about an unknown branch lists.
LISTED = 12
#: The family name and middle names go in first_name (150 characters in Django's user).
NAME_LENGTH = 150


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Tie a staff user to a union branch with a role (entry, reviewer or central). "
        "Creates the user, with an unusable password, when missing; with --new-branch, "
        "creates the branch too."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("branch_code")
        parser.add_argument(
            "--role", required=True, help=gettext_lazy("entry, reviewer or central")
        )
        parser.add_argument(
            "--email",
            help=gettext_lazy("The person's e-mail address, where the review e-mails go."),
        )
        parser.add_argument(
            "--name",
            help=gettext_lazy('Full name as people read it, e.g. "Nguyễn Thị Lan".'),
        )
        parser.add_argument(
            "--new-branch",
            metavar="NAME",
            help=gettext_lazy("Create the branch with this name when no branch has the code."),
        )
        parser.add_argument(
            "--parent",
            help=gettext_lazy("Code of the parent branch of a new branch, e.g. cd-cand."),
        )
        parser.add_argument(
            "--province",
            help=gettext_lazy("Current province code of a new branch, e.g. 24 (Bắc Ninh)."),
        )

    def handle(self, username, branch_code, role, **options):
        if role not in GROUP_NAMES:
            raise CommandError(
                _("Unknown role %(role)r: use one of %(roles)s. Nothing changed.")
                % {"role": role, "roles": ", ".join(GROUP_NAMES)}
            )
        email, name = _email(options["email"]), _name(options["name"])
        User = get_user_model()
        # One unit of work: a new branch shows on the public branch pages.
        with changes.recorded() as batch:
            branch = UnionBranch.objects.filter(code=branch_code).first()
            made_branch = branch is None and options["new_branch"]
            if branch is None:
                branch = self._new_branch(branch_code, options)
                batch.touch(branch)
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_unusable_password()
            if email is not None:
                user.email = email
            if name is not None:
                # A Vietnamese name's given name is its last word: "Nguyễn Thị" + "Lan".
                family, _space, given = name.rpartition(" ")
                user.first_name, user.last_name = (family, given) if family else (given, "")
            user.is_staff = True
            user.save()
            user.groups.add(group_for(role))
            _tie, tied = StaffAssignment.objects.get_or_create(user=user, branch=branch)
        done = []
        if made_branch:
            done.append(
                _("created branch %(name)s (%(code)s) under %(parent)s")
                % {"name": branch.name, "code": branch.code, "parent": branch.parent}
            )
        if created:
            done.append(
                _(
                    "created user %(username)r with no password yet "
                    "(set one: python manage.py changepassword %(username)s)"
                )
                % {"username": username}
            )
        if email:
            done.append(_("e-mail %(email)s") % {"email": email})
        done.append(_("role %(role)r") % {"role": GROUP_NAMES[role]})
        done.append(
            _("tied to %(name)s (%(code)s)") % {"name": branch.name, "code": branch.code}
            if tied
            else _("already tied to %(code)s") % {"code": branch.code}
        )
        self.stdout.write(self.style.SUCCESS("; ".join(done) + "."))
        if not user.email:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "%(username)s has no e-mail address and gets no review e-mail: "
                        "add --email ADDRESS."
                    )
                    % {"username": username}
                )
            )

    def _new_branch(self, code, options):
        if not options["new_branch"]:
            raise CommandError(self._unknown_branch(code))
        if not options["parent"]:
            raise CommandError(
                _("A new branch needs --parent, the code of the branch above it. Nothing changed.")
            )
        parent = UnionBranch.objects.filter(code=options["parent"]).first()
        if parent is None:
            raise CommandError(self._unknown_branch(options["parent"]))
        province = None
        if options["province"]:
            province = Province.objects.current().filter(code=options["province"]).first()
            if province is None:
                raise CommandError(
                    _(
                        "No current province with code %(code)r: give one of the 34 codes "
                        "listed at /provinces/ (e.g. 24 for Bắc Ninh). Nothing changed."
                    )
                    % {"code": options["province"]}
                )
        branch = UnionBranch(
            code=code,
            name=options["new_branch"],
            # A branch under a police union is a police union; under the confederation, a
            # provincial labour federation unless an administrator says otherwise in admin.
            kind=(
                UnionBranch.Kind.POLICE_UNION
                if parent.kind == UnionBranch.Kind.POLICE_UNION
                else UnionBranch.Kind.LABOUR_FEDERATION
            ),
            level=min(parent.level + 1, UnionBranch.Level.GRASSROOTS),
            parent=parent,
            province=province,
        )
        try:
            branch.full_clean()
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(
                _("The new branch is not valid (%(problems)s). Nothing changed.")
                % {"problems": problems}
            ) from None
        branch.save()
        return branch

    def _unknown_branch(self, code):
        known = list(
            UnionBranch.objects.order_by("level", "code").values_list("code", "name")[: LISTED + 1]
        )
        listed = "\n".join(f"  {c}  {name}" for c, name in known[:LISTED])
        if len(known) > LISTED:
            listed += "\n  …"
        return _(
            "No union branch with code %(code)r. Nothing changed.\n"
            "Existing codes:\n%(listed)s\n"
            "Every code is in admin under Union branches (/admin/coordination/unionbranch/). "
            'To create the branch with the person, add --new-branch "NAME" --parent CODE '
            "[--province CODE]."
        ) % {"code": code, "listed": listed}


def _email(value):
    """The address given, checked; None when none was given."""
    if value is None:
        return None
    value = value.strip()
    try:
        validate_email(value)
        if len(value) > get_user_model()._meta.get_field("email").max_length:
            raise ValidationError("too long")
    except ValidationError:
        raise CommandError(
            _("%(email)r is not an e-mail address (e.g. lan@congan.vn). Nothing changed.")
            % {"email": value}
        ) from None
    return get_user_model().objects.normalize_email(value)


def _name(value):
    if value is None:
        return None
    name = " ".join(value.split())
    if not name or len(name) > NAME_LENGTH:
        raise CommandError(
            _("Give the full name, 1 to %(most)d characters. Nothing changed.")
            % {"most": NAME_LENGTH}
        )
    return name
