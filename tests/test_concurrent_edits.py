"""Two people save the same activity: the second save is refused, nothing is overwritten."""

from django.test import Client
from django.urls import reverse

from tests.writes import save

from .helpers import event_form_data


def test_second_save_is_refused_and_the_first_survives(staff, events):
    event = events["own"]
    url = reverse("admin:coordination_outreachevent_change", args=[event.pk])
    first, second = Client(), Client()
    first.force_login(staff["entry"])
    second.force_login(staff["reviewer"])
    # Both open the form and read the version they started from.
    loaded_first = first.get(url).context["adminform"].form["loaded_version"].value()
    loaded_second = second.get(url).context["adminform"].form["loaded_version"].value()
    assert loaded_first == loaded_second == event.version

    saved = first.post(
        url,
        event_form_data(
            event, title="Bản của người thứ nhất", sessions=5, loaded_version=loaded_first
        ),
    )
    assert saved.status_code == 302

    refused = second.post(
        url,
        event_form_data(
            event, title="Bản của người thứ hai", sessions=9, loaded_version=loaded_second
        ),
    )
    assert refused.status_code == 200
    form = refused.context["adminform"].form
    assert form.conflict["who"] == "entry"
    rows = {row["label"]: (row["theirs"], row["yours"]) for row in form.conflict["rows"]}
    assert rows["Tiêu đề"] == ("Bản của người thứ nhất", "Bản của người thứ hai")
    assert rows["Số buổi"] == ("5", "9")
    html = refused.content.decode()
    assert 'id="edit-conflict"' in html and "Bản của người thứ hai" in html  # kept in the form
    event.refresh_from_db()
    assert (event.title, event.sessions) == ("Bản của người thứ nhất", 5)

    # Saving again, knowingly, after seeing their version applies what you typed.
    again = second.post(
        url,
        {
            **event_form_data(event, title="Bản của người thứ hai", sessions=9),
            "loaded_version": form["loaded_version"].value(),
        },
    )
    assert again.status_code == 302
    event.refresh_from_db()
    assert event.title == "Bản của người thứ hai"
    assert event.history.count() == 3  # created, first save, second save: nothing lost


def test_history_page_is_paginated(client, staff, events):
    event = events["own"]
    for number in range(120):
        event.title = f"Lần {number}"
        save(event)
    client.force_login(staff["central"])
    response = client.get(reverse("admin:coordination_outreachevent_history", args=[event.pk]))
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert response.context["pagination_required"]
    assert len(page.object_list) == 100 and page.paginator.count == 121
