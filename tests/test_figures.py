"""The figures of a selection are the same read from the tallies or added up from the rows,
with the same keys, so a page cannot tell which one answered it."""

import datetime

import pytest

from coordination import figures
from coordination.filters import OutreachEventFilter
from coordination.models import ActivityType, FocusArea, OutreachEvent
from coordination.tallies import DIMENSIONS


@pytest.fixture
def varied_events(make_event, province, branches):
    """Beside the seeded activities: nationwide, undated, former-province, several focus areas."""
    areas = list(FocusArea.objects.order_by("number")[:3])
    tet = ActivityType.objects.get(code="tham-hoi-tet")
    make_event(
        province=None,
        organiser=branches["sub"],
        sessions=2,
        participants=40,
        figures_qualifier="more_than",
    )
    make_event(
        province=province("24"),
        organiser=branches["own"],
        start_date=None,
        date_precision="unknown",
        participants=15,
        focus_areas=areas,
    )
    make_event(
        province=province("27", "former"),
        organiser=branches["other"],
        activity_type=tet,
        start_date=datetime.date(2024, 2, 29),
        sessions=1,
        figures_qualifier="nearly",
        focus_areas=areas[1:],
    )
    make_event(province=province("24", "former"), start_date=datetime.date(2024, 3, 31))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"province": "24"},
        {"province": "former:27"},
        {"province": "current:24"},
        {"province": "nationwide"},
        {"branch": "cdca-bn"},
        {"focus_area": "qc04-tuyen-truyen"},
        {"type": "tham-hoi-tet"},
        {"date_after": "01/02/2024", "date_before": "31/03/2024"},
        {"date_before": "31/12/2023"},
    ],
)
def test_tallies_and_rows_give_the_same_figures_under_the_same_keys(varied_events, params):
    filterset = OutreachEventFilter(params, queryset=OutreachEvent.objects.published())
    tallied = figures.of(filterset)
    assert isinstance(tallied, figures.TallyFigures)
    added_up = figures.RowFigures(filterset.qs)
    assert tallied.count() == added_up.count() == filterset.qs.count()
    for dimension in DIMENSIONS:
        assert tallied.grouped(dimension) == added_up.grouped(dimension), dimension
    months = added_up.grouped("month")
    assert all(type(day) is datetime.date and day.day == 1 for day in months)
    assert 0 not in added_up.grouped("province")


def test_a_nationwide_activity_is_keyed_none_and_an_undated_one_in_no_month(varied_events):
    published = OutreachEvent.objects.published()
    nationwide = published.filter(province__isnull=True).count()
    dated = published.filter(start_date__isnull=False).count()
    assert nationwide and dated < published.count()
    for source in (figures.TallyFigures(), figures.RowFigures(published)):
        assert source.grouped("province")[None]["activities"] == nationwide
        assert sum(row["activities"] for row in source.grouped("month").values()) == dated


@pytest.mark.parametrize(
    "params",
    [
        {"q": "cong nhan"},
        {"q": "cong nhan", "province": "24"},
        {"province": "24", "date_after": "15/02/2024"},
        {"date_after": "15/02/2024"},
        {"date_before": "28/02/2024"},  # 2024 is a leap year: February is not whole
    ],
)
def test_selections_the_tallies_cannot_answer_are_added_up_from_the_rows(varied_events, params):
    filterset = OutreachEventFilter(params, queryset=OutreachEvent.objects.published())
    source = figures.of(filterset)
    assert isinstance(source, figures.RowFigures)
    assert source.count() == filterset.qs.count()


def _one_at_a_time(events):
    """The figures counted activity by activity: what any source must add up to."""
    sums = {dimension: {} for dimension in DIMENSIONS}
    for event in events.prefetch_related("focus_areas"):
        keys = [
            ("province", event.province_id),
            ("branch", event.organiser_id),
            ("type", event.activity_type_id),
            *(("focus", area.pk) for area in event.focus_areas.all()),
        ]
        if event.start_date:
            keys.append(("month", event.start_date.replace(day=1)))
        for dimension, key in keys:
            cell = sums[dimension].setdefault(key, dict.fromkeys(_COUNTED, 0))
            cell["activities"] += 1
            for name in ("sessions", "participants"):
                value = getattr(event, name)
                cell[name] += value or 0
                # How many gave the figure, and of those how many said "more than", "nearly".
                cell[f"{name}_given"] += value is not None
                cell[f"{name}_more_than"] += value is not None and event.figures_qualifier == (
                    "more_than"
                )
                cell[f"{name}_nearly"] += value is not None and event.figures_qualifier == "nearly"
    return sums


_COUNTED = [
    "activities",
    "sessions",
    "participants",
    *(
        f"{name}_{count}"
        for name in ("sessions", "participants")
        for count in ("given", "more_than", "nearly")
    ),
]


TWO_FILTERS_OR_MORE = [
    {"province": "24", "type": "tuyen-truyen"},
    {"branch": "cdca-bn", "type": "tuyen-truyen"},  # with its sub-branch
    {"province": "24", "focus_area": "qc04-tuyen-truyen"},
    {"province": "current:24", "branch": "cdca-bn"},
    {"province": "nationwide", "type": "tuyen-truyen"},
    {"province": "former:27", "date_after": "01/02/2024", "date_before": "29/02/2024"},
    {"focus_area": "qc04-tuyen-truyen", "date_after": "01/02/2024", "date_before": "31/03/2024"},
    {"type": "tuyen-truyen", "date_before": "31/03/2024"},
    {
        "province": "24",
        "branch": "cdca-bn",
        "focus_area": "qc04-tuyen-truyen",
        "type": "tuyen-truyen",
        "date_after": "01/03/2024",
        "date_before": "31/03/2024",
    },
]


@pytest.mark.parametrize("params", TWO_FILTERS_OR_MORE)
def test_two_filters_or_more_are_read_from_the_cube_as_each_activity_counts(
    varied_events, make_event, branches, params
):
    make_event(organiser=branches["sub"], sessions=3, participants=70, status="draft")
    filterset = OutreachEventFilter(params, queryset=OutreachEvent.objects.published())
    source = figures.of(filterset)
    assert isinstance(source, figures.CubeFigures)
    expected = _one_at_a_time(filterset.qs)
    assert source.count() == filterset.qs.count()
    for dimension in DIMENSIONS:
        assert source.grouped(dimension) == expected[dimension], dimension
        # Integers, not PostgreSQL's numeric sums: the API's schema says integer.
        cells = source.grouped(dimension).values()
        assert all(type(value) is int for cell in cells for value in cell.values()), dimension


@pytest.mark.parametrize(
    "params",
    [
        *TWO_FILTERS_OR_MORE[:3],
        {"q": "cong nhan", "province": "24"},
        {"q": "cong nhan"},
        {"date_after": "15/02/2024", "date_before": "20/03/2024"},
    ],
)
def test_figures_added_up_from_the_rows_are_those_of_each_activity_counted_once(
    varied_events, make_event, branches, params
):
    make_event(organiser=branches["sub"], sessions=3, participants=70, status="draft")
    filterset = OutreachEventFilter(params, queryset=OutreachEvent.objects.published())
    source = figures.RowFigures(filterset.qs)
    expected = _one_at_a_time(filterset.qs)
    assert source.count() == filterset.qs.count() > 0
    for dimension in DIMENSIONS:
        assert source.grouped(dimension) == expected[dimension], dimension


def test_a_cube_selection_that_names_nothing_counts_nothing(varied_events):
    empty = figures.CubeFigures({"province": [], "type": [1]})
    assert empty.count() == 0
    assert all(empty.grouped(dimension) == {} for dimension in DIMENSIONS if dimension != "focus")
