"""generate_demo_data: realistic, skewed, marked as demo, and removable without touching
real records. Runs on whichever database the suite uses (COPY on PostgreSQL, INSERT batches
on SQLite)."""

import datetime
import html
import io
import statistics
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from coordination.models import Agreement, OutreachEvent, Province, UnionBranch
from coordination.text import fold

from .helpers import tally_table

N = 2000
MERGER = datetime.date(2025, 7, 1)


def generate(**options):
    out = io.StringIO()
    call_command("generate_demo_data", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(seeded):
    return generate(events=N, seed=7)


def demo_events():
    return OutreachEvent.objects.filter(is_demo=True)


def test_counts_hierarchy_and_statuses(demo):
    assert f"Created {N} demo activities" in demo
    assert demo_events().count() == N

    root = UnionBranch.objects.get(code="cd-cand")
    upper = UnionBranch.objects.filter(is_demo=True, parent=root, level=2, kind="police")
    assert upper.count() == 24
    provincial = upper.filter(province__isnull=False, province__era="current")
    assert provincial.filter(code__regex=r"^demo-cdca-[0-9]{2}$").count() == 21
    grassroots = UnionBranch.objects.filter(is_demo=True, level=3, parent__in=upper)
    assert grassroots.count() == 565
    per_upper = Counter(grassroots.values_list("parent_id", flat=True))
    assert len(per_upper) == 24 and max(per_upper.values()) >= 4 * min(per_upper.values())
    federations = UnionBranch.objects.filter(is_demo=True, kind="federation")
    assert federations.count() == 21
    assert all(
        name.startswith("Liên đoàn Lao động") for name in federations.values_list("name", flat=True)
    )
    assert not UnionBranch.objects.filter(code__startswith="demo-", is_demo=False).exists()

    statuses = Counter(demo_events().values_list("status", flat=True))
    assert 0.035 * N <= statuses["draft"] <= 0.07 * N
    assert 0.002 * N <= statuses["withdrawn"] <= 0.025 * N
    assert statuses["published"] == N - statuses["draft"] - statuses["withdrawn"]


def test_activity_is_skewed_across_branches_and_provinces(demo, province):
    per_organiser = Counter(demo_events().values_list("organiser_id", flat=True))
    counts = sorted(per_organiser.values(), reverse=True)
    assert counts[0] >= 20 * statistics.median(counts)

    def in_province(code):
        return demo_events().in_province(province(code)).count()

    big, small = in_province("79"), in_province("12")
    assert small > 0 and big >= 5 * small
    assert demo_events().filter(province__isnull=True).exists()  # some nationwide


def test_former_provinces_only_before_the_merger(demo):
    events = demo_events().filter(province__isnull=False)
    assert not events.filter(start_date__gte=MERGER, province__era="former").exists()
    before = events.filter(start_date__lt=MERGER)
    assert before.filter(province__era="former").count() >= 0.4 * before.count()
    assert events.filter(start_date__gte=MERGER, province__era="current").exists()


def test_dates_figures_and_bookkeeping_fields(demo):
    events = demo_events()
    years = Counter(events.values_list("start_date__year", flat=True))
    assert min(years) == 2016 and max(years) == 2026
    assert years[2025] > years[2016]  # busier in later years
    precision = Counter(events.values_list("date_precision", flat=True))
    assert precision["day"] >= 0.85 * N
    assert not events.filter(start_date__isnull=True).exists()
    assert events.filter(end_date__isnull=False).exists()
    assert events.filter(sessions__gt=1).exists() and events.filter(participants__gt=100).exists()
    assert events.filter(version=1, created_at__isnull=False, updated_at__isnull=False).count() == N
    assert not events.filter(external_ref__isnull=False).exists()
    assert set(events.values_list("organiser__is_demo", flat=True)) == {True}
    # No history rows for demo data.
    assert not OutreachEvent.history.filter(id__in=events.values("id")).exists()
    assert not UnionBranch.history.filter(code__startswith="demo-").exists()


def test_demo_activities_read_like_real_ones(demo):
    """A reviewer of the demo pages saw "gần 1 buổi", Tết gifts in September and a fraud talk
    at a citizen-ID drive: none of them may appear."""
    events = demo_events()
    tet = events.filter(activity_type__code="tham-hoi-tet")
    assert tet.exists()
    assert set(tet.values_list("start_date__month", flat=True)) <= {12, 1, 2}
    rounded = events.exclude(figures_qualifier="exact")
    assert rounded.exists()
    assert not rounded.filter(sessions__lt=10).exists()
    assert not rounded.filter(participants__lt=100).exists()
    names = list(UnionBranch.objects.filter(is_demo=True).values_list("name", flat=True))
    assert any("Hồ Chí Minh" in name for name in names)
    assert not any("thành phố TP." in name for name in names)
    id_drives = list(
        events.filter(activity_type__code="de-an-06").values_list("description", flat=True)
    )
    assert id_drives
    for description in id_drives:
        assert "lừa đảo" not in description and "tín dụng đen" not in description
        assert "căn cước" in description or "VNeID" in description


def test_vietnamese_text_and_search_text_like_the_model(demo):
    rows = list(demo_events().values_list("title", "description", "place", "search_text"))
    for title, description, place, search_text in rows:
        assert search_text == " " + fold(" ".join((title, description, place)))
    assert any("ma túy" in title for title, *_ in rows)
    assert any(place.startswith("KCN ") for _, _, place, _ in rows)
    sample = demo_events().order_by("?")[:50]
    for event in sample:
        assert event.search_text == event.build_search_text()


def test_focus_areas_come_from_the_regulation_in_force(demo):
    regulation = Agreement.objects.in_force_regulation()
    events = demo_events().annotate(n=Count("focus_areas"))
    assert set(events.values_list("n", flat=True)) <= {1, 2, 3}
    assert events.filter(n=1).count() > events.filter(n=3).count() > 0
    through = OutreachEvent.focus_areas.through.objects.filter(outreachevent__is_demo=True)
    assert set(through.values_list("focusarea__is_active", flat=True)) == {True}
    # Logged under the regulation in force from the day it was signed; none before.
    signed = regulation.signed_on
    assert set(
        demo_events().filter(start_date__gte=signed).values_list("agreement_id", flat=True)
    ) == {regulation.pk}
    assert set(
        demo_events().filter(start_date__lt=signed).values_list("agreement_id", flat=True)
    ) == {None}


def test_public_pages_render_with_demo_data(demo, client):
    newest = (
        demo_events()
        .published()
        .order_by("-start_date", "-id")
        .values_list("title", flat=True)
        .first()
    )
    response = client.get("/activities/")
    assert response.status_code == 200
    assert html.escape(newest) in response.content.decode()
    for query in [
        "?province=79",
        "?province=12",
        "?branch=demo-cdca-79",
        "?focus_area=qc04-ma-tuy",
        "?date_after=2024-03-01&date_before=2024-03-31",
        "?q=cong+nhan",
        "?page=3",
    ]:
        assert client.get("/activities/" + query).status_code == 200, query
    event = demo_events().published().first()
    assert client.get(f"/activities/{event.pk}/").status_code == 200
    assert client.get("/branches/demo-cdca-79/").status_code == 200
    assert client.get("/provinces/79/").status_code == 200


def test_same_seed_same_data(seeded):
    def snapshot():
        return list(
            demo_events()
            .order_by("id")
            .values_list("id", "title", "start_date", "organiser__code", "province_id")[:200]
        )

    generate(events=300, seed=3)
    first = snapshot()
    generate(events=300, seed=3, clear=True)
    assert snapshot() == first
    generate(events=300, seed=4, clear=True)
    assert snapshot() != first


def test_a_second_run_adds_events_and_reuses_branches(demo):
    out = generate(events=100, seed=8)
    assert "0 created, 610 reused" in out
    assert demo_events().count() == N + 100
    assert UnionBranch.objects.filter(is_demo=True).count() == 610


def test_clear_removes_only_demo_rows(demo):
    real_events = set(OutreachEvent.objects.filter(is_demo=False).values_list("id", flat=True))
    real_links = OutreachEvent.focus_areas.through.objects.filter(
        outreachevent_id__in=real_events
    ).count()
    real_branches = set(UnionBranch.objects.filter(is_demo=False).values_list("id", flat=True))
    assert len(real_events) >= 10 and real_links >= 10

    out = generate(clear=True)
    assert f"Deleted demo data: {N} activities" in out
    assert not OutreachEvent.objects.filter(is_demo=True).exists()
    assert not UnionBranch.objects.filter(is_demo=True).exists()
    assert set(OutreachEvent.objects.values_list("id", flat=True)) == real_events
    assert set(UnionBranch.objects.values_list("id", flat=True)) == real_branches
    through = OutreachEvent.focus_areas.through.objects
    assert through.count() == real_links
    assert not OutreachEvent.partners.through.objects.exclude(
        outreachevent_id__in=real_events
    ).exists()
    assert Province.objects.count() == 97


def test_clear_refuses_when_a_real_record_uses_a_demo_branch(demo, make_event):
    make_event(organiser=UnionBranch.objects.get(code="demo-cdca-79"))
    with pytest.raises(CommandError, match="real activities are organised by demo branches"):
        generate(clear=True)
    assert demo_events().count() == N


def test_needs_something_to_do(seeded):
    with pytest.raises(CommandError):
        generate()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL bulk-load path")
def test_rebuild_mode_restores_indexes_and_foreign_keys(seeded):
    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE conrelid::regclass::text LIKE "
                "'coordination_outreachevent%' ORDER BY 1, 2"
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename LIKE "
                "'coordination_outreachevent%' ORDER BY 1"
            )
            return constraints, cursor.fetchall()

    before = schema()
    out = generate(events=500, seed=5, indexes="rebuild")
    assert "rebuilt and re-validated" in out
    assert schema() == before
    assert demo_events().count() == 500
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('coordination_outreachevent', 'id'))")
        assert cursor.fetchone()[0] > demo_events().order_by("-id").first().id


def test_new_records_get_fresh_ids_after_generation(demo, make_event):
    event = make_event(title="Hoạt động thật sau dữ liệu minh họa")
    assert event.pk > demo_events().order_by("-id").first().pk
    assert not event.is_demo


def test_dashboard_tallies_are_exact_after_a_bulk_load_and_a_clear(demo, client):
    from coordination import tallies

    loaded = tally_table()
    tallies.rebuild()
    assert tally_table() == loaded
    published = OutreachEvent.objects.published().count()
    dashboard = client.get("/dashboard/").context["totals"]
    assert dashboard["activities"] == published > N // 2
    generate(clear=True)
    assert client.get("/dashboard/").context["totals"]["activities"] == (
        OutreachEvent.objects.published().count()
    )
    cleared = tally_table()
    tallies.rebuild()
    assert tally_table() == cleared
