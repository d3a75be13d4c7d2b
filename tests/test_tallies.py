"""The dashboard's tallies stay exact through every kind of write, and agree with the list."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from coordination import changes, figures, reports
from coordination.filters import OutreachEventFilter, applied
from coordination.models import ActivityCube, ActivityTally, FocusArea, OutreachEvent, Province
from coordination.services import change_status

from .helpers import assert_tallies_match_a_recount, event_admin_url, event_form_data
from .writes import save


@pytest.fixture
def two_events(make_event, province, branches):
    areas = list(FocusArea.objects.order_by("number")[:3])
    first = make_event(
        province=province("24"),
        organiser=branches["own"],
        sessions=4,
        participants=300,
        focus_areas=areas[:2],
    )
    second = make_event(
        province=province("27", "former"),
        organiser=branches["sub"],
        start_date=datetime.date(2023, 5, 2),
        participants=80,
        focus_areas=areas[1:],
    )
    return first, second


def test_seeds_and_new_activities_are_counted_as_a_recount_would(two_events):
    assert_tallies_match_a_recount()


def test_edits_status_changes_focus_areas_and_deletes_keep_them_exact(
    two_events, province, branches, staff
):
    first, second = two_events
    first.province, first.start_date, first.sessions = province("75"), None, 9
    first.date_precision = "unknown"
    save(first)
    assert_tallies_match_a_recount()
    with changes.recorded([second]) as batch:
        second.focus_areas.set(FocusArea.objects.order_by("-number")[:1])
        batch.touch(second)
    assert_tallies_match_a_recount()
    with changes.recorded([second]) as batch:
        second.focus_areas.clear()
        batch.touch(second)
    assert_tallies_match_a_recount()
    change_status(OutreachEvent.objects.filter(pk=first.pk), "withdrawn", staff["central"])
    assert_tallies_match_a_recount()
    change_status(OutreachEvent.objects.filter(pk=first.pk), "published", staff["central"])
    with changes.recorded([second]) as batch:
        batch.touch(second)
        second.delete()
    assert_tallies_match_a_recount()
    area = FocusArea.objects.get(pk=first.focus_areas.first().pk)
    with changes.recorded() as batch:
        area.delete()
        batch.touch(area)
    assert_tallies_match_a_recount()


def test_admin_add_edit_and_publish_keep_them_exact(client, staff, make_event, branches):
    client.force_login(staff["reviewer"])
    event = make_event(organiser=branches["own"], status="draft", participants=10)
    client.post(
        event_admin_url("change", event.pk),
        event_form_data(event, participants=25, status="published"),
    )
    event.refresh_from_db()
    assert (event.status, event.participants) == ("published", 25)
    assert_tallies_match_a_recount()
    client.post(
        event_admin_url("changelist"),
        {"action": "withdraw_selected", "_selected_action": [event.pk]},
    )
    assert OutreachEvent.objects.get(pk=event.pk).status == "withdrawn"
    assert_tallies_match_a_recount()


def _dashboard(client, **params):
    return client.get(reverse("dashboard"), params).context


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"province": "24"},
        {"province": "former:27"},
        {"province": "nationwide"},
        {"branch": "cdca-bn"},
        {"type": "tuyen-truyen"},
        {"focus_area": "qc04-tuyen-truyen"},
        {"date_after": "01/03/2024", "date_before": "31/03/2024"},
        {"date_after": "2023-01-01"},
    ],
)
def test_dashboard_from_tallies_equals_the_activities_and_the_list(client, two_events, params):
    filterset = OutreachEventFilter(params, queryset=OutreachEvent.objects.published())
    assert isinstance(figures.of(filterset), figures.TallyFigures), (
        "this selection should be read from the tallies"
    )
    context = _dashboard(client, **params)
    events = filterset.qs
    assert context["totals"] == reports.totals(figures.RowFigures(events))
    from coordination.views.reporting import _breakdowns

    expected = _breakdowns(
        figures.RowFigures(events), unit=context["unit"], chosen=applied(filterset)
    )
    for name, rows in context["breakdowns"].items():
        aggregated = expected[name]
        if name == "nationwide":
            rows, aggregated = [rows] if rows else [], [aggregated] if aggregated else []
        assert [(r["label"], r["activities"], r["sessions"], r["participants"]) for r in rows] == [
            (r["label"], r["activities"], r["sessions"], r["participants"]) for r in aggregated
        ]
    listed = client.get(reverse("event-list"), params).context["page"].paginator.count
    assert context["totals"]["activities"] == listed


@pytest.mark.parametrize(
    "params",
    [
        {"q": "cong nhan"},
        {"province": "24", "date_after": "15/03/2024"},
        {"date_after": "15/03/2024"},
        {"date_before": "30/03/2024"},
    ],
)
def test_selections_the_tallies_cannot_answer_aggregate_the_activities(seeded, params):
    filterset = OutreachEventFilter(params, queryset=OutreachEvent.objects.published())
    assert isinstance(figures.of(filterset), figures.RowFigures)


def test_province_and_branch_pages_count_from_the_tallies(client, two_events, province):
    page = client.get(reverse("province-detail", args=["24"]))
    expected = OutreachEvent.objects.published().in_province(province("24")).count()
    assert page.context["event_count"] == expected > 0
    assert f"{expected}" in page.content.decode()
    assert_tallies_match_a_recount()


def test_rebuild_command_reports_the_rows(capsys, two_events):
    from django.core.management import call_command

    ActivityTally.objects.all().delete()
    call_command("rebuild_tallies")
    assert "Tallies rebuilt" in capsys.readouterr().out
    assert Province.objects.exists() and ActivityTally.objects.exists()
    assert_tallies_match_a_recount()
    # PostgreSQL's rebuild drops the cube's read indexes and builds them again after the rows.
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, ActivityCube._meta.db_table)
    assert {index.name for index in ActivityCube._meta.indexes} <= set(found)


def test_a_broad_search_is_counted_not_added_up(client, make_event, monkeypatch):
    from coordination.views import reporting

    monkeypatch.setattr(reporting, "SEARCH_CAP", 2)
    for place in ("KCN Quế Võ", "KCN Quế Võ", "KCN Quế Võ", "Đồng Nai"):
        make_event(place=place)
    broad = client.get(reverse("dashboard"), {"q": "que vo"})
    assert broad.context["too_broad"] and "breakdowns" not in broad.context
    page = broad.content.decode()
    assert "Hơn 2 hoạt động khớp với tìm kiếm này" in page
    assert 'href="/activities/?q=que+vo"' in page
    narrow = client.get(reverse("dashboard"), {"q": "dong nai"})
    assert not narrow.context["too_broad"]
    assert narrow.context["totals"]["activities"] == 1


def test_bulk_publishing_a_draft_with_an_already_published_activity_keeps_them_exact(
    client, make_event, branches, staff
):
    # The published one is declared to the unit of work but not saved: it must still count.
    published = make_event(organiser=branches["own"], participants=120)
    draft = make_event(organiser=branches["own"], participants=45, status="draft")
    selection = OutreachEvent.objects.filter(pk__in=[published.pk, draft.pk])
    assert change_status(selection, "published", staff["central"]) == 1
    assert_tallies_match_a_recount()

    other_draft = make_event(organiser=branches["own"], participants=7, status="draft")
    client.force_login(staff["reviewer"])
    response = client.post(
        event_admin_url("changelist"),
        {"action": "publish_selected", "_selected_action": [published.pk, other_draft.pk]},
    )
    assert response.status_code == 302
    assert OutreachEvent.objects.get(pk=other_draft.pk).status == "published"
    assert_tallies_match_a_recount()
