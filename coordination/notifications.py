"""E-mails of the review workflow, in Vietnamese, sent after the commit of the step.

Each step mails the people who must act on it, once: a submission or a proposed change goes
to the reviewers of the nearest branch that has any (the branch itself, else the one above it,
and so on; the central administrators only when no branch up the tree has a reviewer), a return
or a publication to the clerk. Each person chooses in their own notification settings between
a mail at each step and one summary a day (`send_review_digest`); a step leaves the second kind
to the summary. Sending happens in transaction.on_commit, so a rolled-back step sends nothing,
and a failing mail server is logged and never undoes or breaks the save.
"""

import datetime
import logging
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import OutreachEvent, PendingChange, StaffProfile
from .roles import CENTRAL_PERMISSION, PUBLISH_PERMISSION, accounts_with

logger = logging.getLogger(__name__)

#: How many activities a summary lists by name in each part; the links open the rest.
LISTED = 20


def admin_url(event):
    return settings.SITE_URL + reverse("admin:coordination_outreachevent_change", args=[event.pk])


def queue_url():
    changelist = reverse("admin:coordination_outreachevent_changelist")
    return f"{settings.SITE_URL}{changelist}?queue=review"


def reviewers_of(branch):
    """The active reviewers of the nearest branch, from this one up, that has any; the central
    administrators when none has. Those above a branch with its own reviewers are not told:
    at hundreds of branches, every submission would reach them."""
    people = accounts_with(PUBLISH_PERMISSION).filter(is_staff=True)
    seen, node = set(), branch
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        local = list(people.filter(branch_assignments__branch=node).distinct().order_by("pk"))
        if local:
            return local
        node = node.parent
    return list((people & accounts_with(CENTRAL_PERMISSION)).order_by("pk"))


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


def digest(user, events, count, returned=(), published=()):
    """One person's daily summary: what waits for their review (`count` in all, `events` the
    first ones), what was returned to them and what of theirs went public."""
    _send(
        "coordination/email/digest",
        [user],
        now=True,
        everyone=True,
        events=events,
        count=count,
        returned=returned,
        published=published,
    )


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


def waiting_for_people(now=None):
    """{person: {"review": [...], "returned": [...], "published": [...]}}: for everyone, what
    the steps of the workflow would have mailed them, as it stands now; "published" covers the
    last day. The summary of each person who chose one is made of it."""
    since = (now or timezone.now()) - datetime.timedelta(days=1)
    found = defaultdict(lambda: {"review": [], "returned": [], "published": []})
    reviewers = {}
    queue = OutreachEvent.objects.awaiting_review().select_related("organiser", "organiser__parent")
    for event in queue.order_by("updated_at", "pk"):
        if event.organiser_id not in reviewers:
            reviewers[event.organiser_id] = reviewers_of(event.organiser)
        for person in reviewers[event.organiser_id]:
            found[person]["review"].append(event)
    for event in OutreachEvent.objects.filter(status="returned").order_by("updated_at", "pk"):
        clerk = clerk_of(event, reviewer=None)
        if clerk:
            found[clerk]["returned"].append(event)
    changes = PendingChange.objects.filter(status=PendingChange.Status.RETURNED)
    for change in changes.select_related("event", "proposed_by").order_by("reviewed_at", "pk"):
        if change.proposed_by:
            found[change.proposed_by]["returned"].append(change.event)
    # The last version of each activity saved as published in the day, and who saved it.
    went_public = OutreachEvent.history.filter(status="published", history_date__gte=since)
    latest = {}
    for pk, by in went_public.order_by("id", "-history_date").values_list("id", "history_user_id"):
        latest.setdefault(pk, by)
    for event in OutreachEvent.objects.filter(pk__in=latest, status="published").order_by("pk"):
        clerk = clerk_of(event, reviewer=latest[event.pk])
        if clerk and clerk.pk != latest[event.pk]:
            found[clerk]["published"].append(event)
    return dict(found)


def send_digests(now=None):
    """Send each person who chose the daily summary theirs; return (how many were sent, the
    people with something waiting whom no mail reaches: no e-mail address)."""
    waiting = waiting_for_people(now)
    ids = [person.pk for person in waiting]
    chose = StaffProfile.objects.digest_user_ids(ids)
    active = set(
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True, is_staff=True)
        .values_list("pk", flat=True)
    )
    sent, unreachable = 0, []
    for person, parts in sorted(waiting.items(), key=lambda item: item[0].get_username()):
        if person.pk not in active:
            continue
        if not person.email:
            unreachable.append(person)
        elif person.pk in chose:
            review = parts["review"]
            digest(
                person,
                review[:LISTED],
                len(review),
                returned=parts["returned"][:LISTED],
                published=parts["published"][:LISTED],
            )
            sent += 1
    return sent, unreachable


def _send(template, people, now=False, everyone=False, **context):
    """Mail `people`, except those who chose the daily summary (unless `everyone`)."""
    people = [person for person in people if person.is_active]
    if not everyone:
        chose = StaffProfile.objects.digest_user_ids([person.pk for person in people])
        people = [person for person in people if person.pk not in chose]
    unreachable = sorted(person.get_username() for person in people if not person.email)
    if unreachable:
        logger.warning("No e-mail address, not told of %s: %s", template, ", ".join(unreachable))
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
        # A title typed with a line break must not start a header of its own.
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
