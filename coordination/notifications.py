"""E-mails of the review workflow, in Vietnamese, sent after the commit of the step.

One message per step: to the reviewers of the branch and the branches above it when a clerk
submits, to the clerk when a reviewer returns or publishes. Sending happens in
transaction.on_commit, so a rolled-back step sends nothing, and a failing mail server is logged
and never undoes or breaks the save.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .models import OutreachEvent
from .roles import CENTRAL_PERMISSION, PUBLISH_PERMISSION, accounts_with

logger = logging.getLogger(__name__)


def admin_url(event):
    return settings.SITE_URL + reverse("admin:coordination_outreachevent_change", args=[event.pk])


def queue_url():
    changelist = reverse("admin:coordination_outreachevent_changelist")
    return f"{settings.SITE_URL}{changelist}?queue=review"


def reviewers_of(branch):
    """Active reviewers tied to the branch or a branch above it; central ones if there are none."""
    chain, node = [], branch
    while node is not None and node.pk not in chain:
        chain.append(node.pk)
        node = node.parent
    people = accounts_with(PUBLISH_PERMISSION).filter(is_staff=True)
    local = people.filter(branch_assignments__branch__in=chain).distinct()
    if local.exists():
        return list(local)
    return list(people & accounts_with(CENTRAL_PERMISSION))


def status_changed(event, status, by, comment):
    Status = OutreachEvent.Status
    if status == Status.SUBMITTED:
        _send(
            "coordination/email/submitted",
            [person for person in reviewers_of(event.organiser) if person != by],
            event=event,
            by=by,
        )
    elif status in (Status.RETURNED, Status.PUBLISHED):
        clerk = clerk_of(event, reviewer=by)
        if clerk and clerk != by:
            _send(f"coordination/email/{status}", [clerk], event=event, by=by, comment=comment)


def change_proposed(event, by):
    _send(
        "coordination/email/change_proposed",
        [person for person in reviewers_of(event.organiser) if person != by],
        event=event,
        by=by,
    )


def change_reviewed(event, clerk, by, approved, comment):
    if clerk and clerk != by:
        name = "change_approved" if approved else "change_returned"
        _send(f"coordination/email/{name}", [clerk], event=event, by=by, comment=comment)


def digest(user, events, count):
    """The daily reminder of a reviewer's queue (send_review_digest)."""
    _send("coordination/email/digest", [user], events=events, count=count, now=True)


def clerk_of(event, reviewer):
    """Who submitted the activity last (not the reviewer acting now), or who entered it."""
    last = (
        event.history.filter(status="submitted", history_user__isnull=False)
        .exclude(history_user=reviewer)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    return last.history_user if last else event.created_by


def _send(template, people, now=False, **context):
    addresses = sorted({person.email for person in people if person.email})
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context.update(
            admin_url=admin_url(context["event"]) if "event" in context else None,
            public_url=(
                settings.SITE_URL + context["event"].get_absolute_url()
                if "event" in context
                else None
            ),
            queue_url=queue_url(),
            site_url=settings.SITE_URL,
        )
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        subject = f"[{gettext('Coordination tracker')}] {subject}"
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject, body, to=addresses)
    if now:
        _deliver(message)
    else:
        transaction.on_commit(partial(_deliver, message))


def _deliver(message):
    try:
        message.send()
    except Exception:  # a mail server's failure must never break the step that was saved
        logger.exception("Could not send the e-mail %r to %s", message.subject, message.to)


def change_proposed_to(event, by, branches):
    """A proposed change that concerns several branches (a move): the reviewers of each, once."""
    people = {person for branch in branches for person in reviewers_of(branch)}
    _send(
        "coordination/email/change_proposed",
        [person for person in people if person != by],
        event=event,
        by=by,
    )
