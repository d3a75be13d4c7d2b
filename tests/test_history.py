"""Every version of an activity holds its links; a deleted activity can be restored."""

from django.urls import reverse

from coordination.models import FocusArea, OutreachEvent

from .helpers import assert_tallies_match_a_recount, event_admin_url, event_form_data


def _areas(n):
    return list(FocusArea.objects.filter(is_active=True).order_by("number")[:n])


def test_one_save_is_one_version_with_the_links_it_saved(client, staff, make_event, branches):
    first, second, third = _areas(3)
    event = make_event(focus_areas=[first], organiser=branches["own"])
    client.force_login(staff["central"])
    count = event.history.count()
    data = event_form_data(event, focus_areas=[second.pk, third.pk], partners=[branches["sub"].pk])
    assert client.post(event_admin_url("change", event.pk), data).status_code == 302
    assert event.history.count() == count + 1
    latest = event.history.first()
    assert {row.focusarea_id for row in latest.focus_areas.all()} == {second.pk, third.pk}
    assert [row.unionbranch_id for row in latest.partners.all()] == [branches["sub"].pk]


def test_a_revert_restores_the_focus_areas_and_partners_of_that_version(
    client, staff, make_event, branches
):
    first, second = _areas(2)
    event = make_event(focus_areas=[first], partners=[branches["other"]], participants=10)
    original = event.history.first()
    client.force_login(staff["central"])
    changed = event_form_data(
        event, title="Đổi", focus_areas=[second.pk], partners=[], participants=99
    )
    assert client.post(event_admin_url("change", event.pk), changed).status_code == 302
    url = reverse("admin:coordination_outreachevent_simple_history", args=[event.pk, original.pk])
    form = client.get(url).context["adminform"].form
    assert {int(pk) for pk in form.initial["focus_areas"]} == {first.pk}
    event.refresh_from_db()
    revert = event_form_data(event, title=original.title, participants=10)
    revert.update(
        focus_areas=form.initial["focus_areas"],
        partners=form.initial["partners"],
        loaded_version=form["loaded_version"].value(),
    )
    assert client.post(url, revert).status_code == 302
    event.refresh_from_db()
    assert set(event.focus_areas.all()) == {first}
    assert list(event.partners.all()) == [branches["other"]]
    assert_tallies_match_a_recount()


def test_a_central_administrator_restores_a_deleted_activity(client, staff, make_event, branches):
    first, second = _areas(2)
    event = make_event(
        title="Bị xoá nhầm", focus_areas=[first, second], partners=[branches["sub"]], sessions=3
    )
    pk = event.pk
    client.force_login(staff["central"])
    assert client.post(event_admin_url("delete", pk), {"post": "yes"}).status_code == 302
    assert not OutreachEvent.objects.filter(pk=pk).exists()
    assert_tallies_match_a_recount()

    listing = client.get(reverse("admin:coordination_outreachevent_deleted"))
    assert listing.status_code == 200
    assert "Bị xoá nhầm" in listing.content.decode()
    history = client.get(event_admin_url("history", pk))
    assert history.status_code == 200
    last_saved = OutreachEvent.history.filter(id=pk).exclude(history_type="-").first()
    url = reverse("admin:coordination_outreachevent_simple_history", args=[pk, last_saved.pk])
    form = client.get(url).context["adminform"].form
    data = event_form_data(last_saved.instance, loaded_version="")
    data.update(focus_areas=form.initial["focus_areas"], partners=form.initial["partners"])
    data["focus_areas"] = [int(v) for v in data["focus_areas"]]
    assert client.post(url, data).status_code == 302

    restored = OutreachEvent.objects.get(pk=pk)
    assert (restored.title, restored.sessions) == ("Bị xoá nhầm", 3)
    assert set(restored.focus_areas.all()) == {first, second}
    assert list(restored.partners.all()) == [branches["sub"]]
    assert_tallies_match_a_recount()
    listing = client.get(reverse("admin:coordination_outreachevent_deleted"))
    assert pk not in [version.id for version in listing.context["versions"]]


def test_others_cannot_open_a_deleted_activitys_history(client, staff, make_event, branches):
    event = make_event(organiser=branches["own"])
    pk = event.pk
    client.force_login(staff["central"])
    client.post(event_admin_url("delete", pk), {"post": "yes"})
    client.force_login(staff["reviewer"])
    assert client.get(event_admin_url("history", pk)).status_code == 404
    assert client.get(reverse("admin:coordination_outreachevent_deleted")).status_code == 403
