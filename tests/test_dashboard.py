"""Dashboard and report numbers equal hand-computed sums; former provinces roll up."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import ActivityType, FocusArea, OutreachEvent
from coordination.qualified import Figure

from .writes import save


@pytest.fixture
def fixture_events(make_event, province, branches):
    """Only these are counted: the seeded activities are withdrawn to keep sums by hand."""
    for seeded_event in OutreachEvent.objects.all():
        seeded_event.status = "withdrawn"
        save(seeded_event)
    crime = FocusArea.objects.get(code="qc04-toi-pham")
    legal = FocusArea.objects.get(code="qc04-tuyen-truyen")
    tet = ActivityType.objects.get(code="tham-hoi-tet")
    d = datetime.date
    make_event(
        title="A",
        province=province("24", "former"),
        organiser=branches["sub"],
        start_date=d(2024, 1, 10),
        sessions=2,
        participants=100,
        focus_areas=[crime],
    )
    make_event(
        title="B",
        province=province("27", "former"),
        organiser=branches["own"],
        start_date=d(2024, 2, 10),
        sessions=3,
        participants=200,
        focus_areas=[crime, legal],
    )
    make_event(
        title="C",
        province=province("24"),
        organiser=branches["own"],
        start_date=d(2025, 8, 1),
        sessions=1,
        participants=50,
        activity_type=tet,
    )
    make_event(
        title="D",
        province=province("75"),
        organiser=branches["other"],
        start_date=d(2024, 2, 20),
        sessions=4,
        participants=None,
    )
    make_event(
        title="Nháp", province=province("75"), status="draft", sessions=99, participants=9999
    )


def _context(client, **params):
    return client.get(reverse("dashboard"), params).context


def test_totals_are_the_published_sums(client, fixture_events):
    totals = _context(client)["totals"]
    # D gives no participants: the sum of the others is a lower bound.
    assert totals == {
        "activities": 4,
        "sessions": Figure(10),
        "participants": Figure(350, "at_least"),
        "provinces": 2,
        "branches": 3,
    }


def test_former_provinces_roll_up_into_their_successor(client, fixture_events):
    rows = {
        r["label"]: (r["activities"], r["sessions"].value)
        for r in _context(client)["breakdowns"]["provinces"]
    }
    assert rows == {"Bắc Ninh": (3, 6), "Đồng Nai": (1, 4)}


def test_switch_counts_by_province_as_recorded(client, fixture_events):
    rows = {
        r["label"]: r["activities"]
        for r in _context(client, count_by="recorded")["breakdowns"]["provinces"]
    }
    assert rows == {
        "Bắc Giang (nay thuộc Bắc Ninh)": 1,
        "Bắc Ninh (cũ)": 1,
        "Bắc Ninh": 1,
        "Đồng Nai": 1,
    }


def test_focus_area_type_month_and_branch_breakdowns(client, fixture_events):
    breakdowns = _context(client)["breakdowns"]
    areas = {r["params"]["focus_area"]: r["activities"] for r in breakdowns["focus_areas"]}
    assert areas == {"qc04-toi-pham": 2, "qc04-tuyen-truyen": 3}
    types = {r["params"]["type"]: r["activities"] for r in breakdowns["types"]}
    assert types == {"tuyen-truyen": 3, "tham-hoi-tet": 1}
    months = {r["label"]: r["activities"] for r in breakdowns["periods"]}
    assert months["01/2024"] == 1 and months["02/2024"] == 2 and months["08/2025"] == 1
    assert months["12/2024"] == 0 and len(months) == 20  # empty months are shown
    quarters = {
        r["label"]: r["activities"]
        for r in _context(client, unit="quarter")["breakdowns"]["periods"]
    }
    assert quarters["Quý 1/2024"] == 3
    # A branch counts its sub-branches' activities too, as the list filtered by it does.
    branches = [(r["params"]["branch"], r["activities"]) for r in breakdowns["branches"]]
    assert branches[0] == ("cdca-bn", 3)


def test_dashboard_numbers_equal_the_list_for_the_same_filter(client, fixture_events):
    for params in (
        {},
        {"province": "24"},
        {"focus_area": "qc04-toi-pham"},
        {"date_after": "01/02/2024", "date_before": "29/02/2024"},
        {"q": "b"},
    ):
        dashboard = _context(client, **params)
        listed = client.get(reverse("event-list"), params).context["page"].paginator.count
        assert dashboard["totals"]["activities"] == listed, params


def test_each_bar_links_to_the_filtered_list(client, fixture_events):
    context = _context(client, date_after="2024-01-01")
    row = next(r for r in context["breakdowns"]["provinces"] if r["label"] == "Bắc Ninh")
    listed = client.get(reverse("event-list") + "?" + row["query"]).context["page"]
    assert row["query"] == "date_after=2024-01-01&province=24"
    assert listed.paginator.count == row["activities"]
    html = client.get(reverse("dashboard")).content.decode()
    assert '<ol class="chart' in html and 'class="bar-track"' in html and "?province=24" in html


def test_drafts_never_count(client, fixture_events):
    html = client.get(reverse("dashboard"), {"province": "75"}).content.decode()
    assert "9999" not in html and "9.999" not in html


def test_dashboard_query_count_is_fixed(
    client, fixture_events, make_event, django_assert_max_num_queries
):
    # Tallies, the qualifiers of the totals (EXISTS each), the branch tree for top branches.
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("dashboard"))
    for _ in range(20):
        make_event()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard"))


# Periodic report


def test_quarter_report_compares_with_the_previous_quarter(client, fixture_events):
    context = client.get(
        reverse("report"), {"period": "quarter", "year": 2024, "number": 1}
    ).context
    assert (context["start"], context["end"]) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 3, 31),
    )
    assert context["previous"] == (datetime.date(2023, 10, 1), datetime.date(2023, 12, 31))
    rows = {row["key"]: (row["now"], row["before"], row["change"]) for row in context["comparison"]}
    assert rows["activities"] == (Figure(3), Figure(0), 3)
    assert rows["sessions"] == (Figure(9), Figure(0), 9)


def test_report_for_one_province_and_custom_range(client, fixture_events):
    context = client.get(
        reverse("report"),
        {
            "period": "custom",
            "date_from": "01/01/2024",
            "date_to": "31/12/2025",
            "province": "24",
        },
    ).context
    assert context["totals"]["activities"] == 3
    # The same number of days just before (2024 is a leap year: 731 days).
    assert context["previous"] == (datetime.date(2021, 12, 31), datetime.date(2023, 12, 31))
    half = client.get(reverse("report"), {"period": "half", "year": 2025, "number": 2}).context
    assert half["totals"]["activities"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"period": "quarter", "year": 2024, "number": 7},
        {"period": "quarter", "year": 2024, "quarter": 5},
        {"period": "quarter", "year": 2024},
        {"period": "half", "year": 2024, "half": 3},
        {"period": "custom", "date_from": "31/02/2024", "date_to": "01/03/2024"},
        {"period": "custom", "date_from": "02/03/2024", "date_to": "01/03/2024"},
        {"period": "year", "year": "abc"},
        {"period": "drop"},
    ],
)
def test_bad_report_input_gets_a_message(client, fixture_events, params):
    response = client.get(reverse("report"), params)
    assert response.status_code == 200
    assert response.context["form"].errors and "totals" not in response.context


def test_report_workbook_has_a_sheet_per_breakdown(client, fixture_events):
    import io

    from openpyxl import load_workbook

    response = client.get(reverse("report"), {"period": "year", "year": 2024, "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao_2024.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.sheetnames) == 8
    # The first sheet says what the workbook covers, with which filters, and when it was made.
    about = dict(list(workbook.worksheets[0].values)[1:])
    assert about["Kỳ"] == "năm 2024"
    assert (about["Từ ngày"], about["Đến ngày"]) == ("01/01/2024", "31/12/2024")
    assert about["Tỉnh, thành phố"] == "Tất cả tỉnh, thành phố"
    assert about["Ngày lập"] == timezone.localdate().strftime("%d/%m/%Y")
    summary = list(workbook.worksheets[1].values)
    # Each figure, then how exact it is.
    assert summary[1][1:] == (3, "chính xác", 0, "chính xác", 3)
    listing = list(workbook.worksheets[-1].values)
    assert sorted(row[1] for row in listing[1:]) == ["A", "B", "D"]


def test_names_are_escaped_in_charts_tables_and_the_filter_form(client, make_event, branches):
    from coordination.models import ActivityType

    evil = '<script>alert("x")</script> & Co'
    branches["own"].name = evil
    save(ActivityType(code="evil", name=evil), branches["own"])
    make_event(activity_type=ActivityType.objects.get(code="evil"), organiser=branches["own"])
    for url in (reverse("dashboard"), reverse("event-list"), reverse("branch-list")):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page


def test_report_opens_on_the_last_completed_quarter(client, fixture_events, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2025, 11, 3))
    context = client.get(reverse("report")).context
    assert (context["start"], context["end"]) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 9, 30),
    )
    assert context["period_label"] == "quý III năm 2025"
    assert context["totals"]["activities"] == 1  # C, 01/08/2025
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 2, 10))
    assert client.get(reverse("report")).context["start"] == datetime.date(2025, 10, 1)


def test_quarter_and_half_are_separate_fields(client, fixture_events):
    form = client.get(reverse("report")).context["form"]
    assert [value for value, _label in form.fields["quarter"].choices][1:] == [1, 2, 3, 4]
    assert [value for value, _label in form.fields["half"].choices][1:] == [1, 2]
    half = client.get(reverse("report"), {"period": "half", "year": 2024, "half": 1}).context
    assert (half["start"], half["end"]) == (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    assert half["period_label"] == "6 tháng đầu năm 2024"


def test_printable_report_is_an_administrative_document(client, fixture_events, branches):
    response = client.get(
        reverse("report"),
        {"period": "quarter", "year": 2024, "quarter": 1, "branch": "cdca-bn", "format": "print"},
    )
    page = response.content.decode().replace("\xa0", " ")
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CÔNG ĐOÀN CÔNG AN TỈNH BẮC NINH",  # the issuing body: the branch reported on
        "CÔNG ĐOÀN CÔNG AN NHÂN DÂN",  # and the body above it
        "Số:",
        "BÁO CÁO",
        "quý I năm 2024",
        "Nơi nhận:",
        "(Ký tên, đóng dấu)",
    ):
        assert text in page, text
    assert "report-print.css" in page and "style=" not in page
    # Scripts only from static files (the Print button), none written into the page.
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/coordination/site.js" defer>'
    ]
    # The figures are the report's: A and B of the sub-branch and the branch, Q1 2024.
    assert response.context["totals"]["activities"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"date_after": "01/01/2030"},
        {"date_after": "2030-01-01"},
        {"date_after": "01/01/2030", "q": "không có từ này"},
        {"date_before": "01/01/1990"},
    ],
)
def test_a_date_range_past_every_activity_is_answered_not_a_server_error(
    client, fixture_events, params
):
    """The red team's 198 server errors: a start date after the last matching activity left the
    summary with no end date, and the chart line formatted it."""
    response = client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    html = response.content.decode()
    shown = params.get("date_after", params.get("date_before"))
    day = shown if "/" in shown else "/".join(reversed(shown.split("-")))
    assert day in html
    report = client.get(reverse("report"), params)
    assert report.status_code == 200


def test_activities_without_a_province_are_not_called_nationwide(
    client, fixture_events, make_event
):
    """A blank province is "toàn quốc" only when the record says so: the dashboard, the report
    and its print count such records as "no province (nationwide or place not given)"."""
    make_event(title="Không rõ nơi", province=None, start_date=datetime.date(2024, 3, 1))
    expected = "Không gắn với tỉnh nào (toàn quốc hoặc không nêu địa bàn)"
    for url in (reverse("dashboard"), reverse("report") + "?period=year&year=2024"):
        html = client.get(url).content.decode()
        assert expected + ":" in html, url
        assert "Toàn quốc, không gắn" not in html, url


def test_no_exact_change_is_given_between_two_qualified_sums(client, make_event, branches):
    """ "hơn 1.000" then "hơn 900": a reader was shown an exact "-100 (-10%)" between them."""
    for year, sessions in ((2023, 1000), (2024, 900)):
        make_event(
            title=f"Hơn {sessions} buổi",
            organiser=branches["own"],
            start_date=datetime.date(year, 5, 1),
            sessions=sessions,
            figures_qualifier="more_than",
        )
    context = client.get(reverse("report"), {"period": "year", "year": 2024}).context
    rows = {row["key"]: row for row in context["comparison"]}
    assert str(rows["sessions"]["now"]) == "hơn 900"
    assert str(rows["sessions"]["before"]) == "hơn 1.000"
    assert rows["sessions"]["change"] is None and rows["sessions"]["percent"] is None
    assert rows["activities"]["change"] == 0  # a count of activities is exact
