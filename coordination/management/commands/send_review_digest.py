from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination import notifications
from coordination.management.translated import TranslatedCommand

#: How many names of unreachable people the command prints.
NAMED = 30


class Command(TranslatedCommand):
    help = gettext_lazy(
        "E-mail the daily summary to every staff member who chose it in their notification "
        "settings and has something waiting (run it daily from cron); name the people with "
        "something waiting whom no e-mail reaches."
    )

    def handle(self, **options):
        sent, unreachable = notifications.send_digests()
        self.stdout.write(_("Sent %(count)d digest(s).") % {"count": sent})
        if unreachable:
            names = [_describe(person) for person in unreachable[:NAMED]]
            if len(unreachable) > NAMED:
                names.append("…")
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "%(count)d staff member(s) have something waiting but no e-mail "
                        "address, so no mail reaches them (add one in admin, Users, or with "
                        "assign_staff --email): %(names)s"
                    )
                    % {"count": len(unreachable), "names": ", ".join(names)}
                )
            )


def _describe(person):
    name = person.get_full_name()
    return f"{person.get_username()} ({name})" if name else person.get_username()
