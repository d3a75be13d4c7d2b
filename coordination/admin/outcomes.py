"""What a staff member is told after a step of the workflow: what happened, what comes next.

One message per step, in place of Django's "… was changed successfully", which says neither.
"""

from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from ..models import OutreachEvent
from ..notifications import clerk_of

Status = OutreachEvent.Status


def moved(event, status, by, comment=""):
    """After one activity moved to `status` (services.move)."""
    title = event.title
    if status == Status.SUBMITTED:
        if by.email:
            text = gettext(
                "Sent “%(title)s” for review: the reviewers of %(branch)s are told; you will "
                "get an e-mail when it is published or returned."
            )
        else:
            text = gettext(
                "Sent “%(title)s” for review: the reviewers of %(branch)s are told. Your "
                "account has no e-mail address: the list shows when it is published or "
                "returned."
            )
        return text % {"title": title, "branch": event.organiser}
    if status == Status.RETURNED:
        clerk = clerk_of(event, reviewer=by)
        return gettext(
            "Returned “%(title)s” to the clerk (%(clerk)s) with your comment: %(comment)s. "
            "It comes back to the review queue when they submit it again."
        ) % {"title": title, "clerk": _name(clerk), "comment": comment}
    if status == Status.PUBLISHED:
        return format_html(
            '{} <a href="{}">{}</a>',
            gettext("Published “%(title)s”: the activity is now on the public site.")
            % {"title": title},
            event.get_absolute_url(),
            gettext("Open its public page"),
        )
    if status == Status.WITHDRAWN:
        return gettext(
            "Withdrew “%(title)s” from the public site; it stays in admin and can be "
            "published again."
        ) % {"title": title}
    return gettext("“%(title)s” is a draft again; it is not on the public site.") % {"title": title}


def restored(event, version, deleted):
    """After a central administrator restored an activity from a version of its history."""
    values = {
        "title": event.title,
        "when": formats.date_format(timezone.localtime(version.history_date), "d/m/Y H:i"),
        "status": Status(event.status).label,
    }
    if deleted:
        text = gettext("Restored the deleted activity “%(title)s” from its version of %(when)s.")
    else:
        text = gettext("Restored “%(title)s” to its version of %(when)s.")
    if event.status == Status.PUBLISHED:
        after = gettext("The public site shows the restored content.")
    else:
        after = gettext("Its status is “%(status)s”: it is not on the public site.")
    return f"{text % values} {after % values}"


def bulk_submitted(sent, skipped):
    """After the bulk "send for review": how many went, how many were left and why.

    `skipped` maps each status the left ones were in to how many."""
    parts = [
        ngettext(
            "Sent %(count)d activity for review; the reviewers of its branch are told.",
            "Sent %(count)d activities for review; the reviewers of their branches are told.",
            sent,
        )
        % {"count": sent}
    ]
    if skipped:
        reasons = "; ".join(
            _SKIPPED.get(status, _skipped_other)(count) for status, count in skipped.items()
        )
        total = sum(skipped.values())
        parts.append(
            ngettext(
                "%(count)d skipped: %(reasons)s.",
                "%(count)d skipped: %(reasons)s.",
                total,
            )
            % {"count": total, "reasons": reasons}
        )
    return " ".join(parts)


def _skipped_other(count):
    return ngettext(
        "%(count)d changed by someone else meanwhile",
        "%(count)d changed by someone else meanwhile",
        count,
    ) % {"count": count}


_SKIPPED = {
    Status.SUBMITTED: lambda count: (
        ngettext(
            "%(count)d is already waiting for review",
            "%(count)d are already waiting for review",
            count,
        )
        % {"count": count}
    ),
    Status.PUBLISHED: lambda count: (
        ngettext(
            "%(count)d is published (open it to propose a change)",
            "%(count)d are published (open each to propose a change)",
            count,
        )
        % {"count": count}
    ),
}


def _name(user):
    if user is None:
        return gettext("someone")
    return user.get_full_name() or user.get_username()
