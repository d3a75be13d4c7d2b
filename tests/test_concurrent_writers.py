"""Several staff write at once: nobody gets a server error, and the tallies stay exact.

Two reviewers add published activities through the admin while a central administrator
publishes and withdraws them in bulk, each in their own thread and database connection.
Before the unit of work (coordination/changes.py), the content-version update and the tally
upserts took their locks in opposite orders and PostgreSQL reported DeadlockDetected.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from coordination.models import OutreachEvent

from .helpers import assert_tallies_match_a_recount, event_admin_url, event_form_data

ROUNDS = 8


def _add_form(event_like, title):
    return event_form_data(event_like, title=title, status="published", loaded_version="")


@pytest.mark.django_db(transaction=True)
def test_reviewers_and_central_admin_writing_at_once_never_fail(
    make_event, staff, branches, province
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is nothing to interleave")
    template = make_event(organiser=branches["own"], province=province("24"), participants=7)
    seed_events = [
        make_event(organiser=branches["sub"], participants=n, sessions=1) for n in range(4)
    ]
    second_reviewer = type(staff["reviewer"]).objects.create_user(
        "reviewer2", password="x", is_staff=True
    )
    second_reviewer.groups.set(staff["reviewer"].groups.all())
    second_reviewer.branch_assignments.create(branch=branches["own"])
    errors, statuses = [], []
    start = threading.Barrier(3)

    def run(work):
        try:
            start.wait(timeout=30)
            work()
        except Exception as exc:  # anything at all is a failure of the test
            errors.append(repr(exc))
        finally:
            connection.close()

    def reviewer(user, name):
        def work():
            client = Client()
            client.force_login(user)
            for number in range(ROUNDS):
                response = client.post(
                    event_admin_url("add"), _add_form(template, f"{name} {number}")
                )
                statuses.append(response.status_code)

        return work

    def central():
        client = Client()
        client.force_login(staff["central"])
        ids = [event.pk for event in seed_events] + [template.pk]
        for number in range(ROUNDS):
            action = "withdraw_selected" if number % 2 == 0 else "publish_selected"
            response = client.post(
                event_admin_url("changelist"), {"action": action, "_selected_action": ids}
            )
            statuses.append(response.status_code)

    threads = [
        threading.Thread(target=run, args=(reviewer(staff["reviewer"], "A"),)),
        threading.Thread(target=run, args=(reviewer(second_reviewer, "B"),)),
        threading.Thread(target=run, args=(central,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert statuses == [302] * (3 * ROUNDS), statuses
    added = OutreachEvent.objects.filter(title__regex=r"^[AB] \d+$")
    assert added.count() == 2 * ROUNDS  # none lost, none twice
    assert added.filter(status="published").count() == 2 * ROUNDS
    assert_tallies_match_a_recount()
