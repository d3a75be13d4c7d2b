"""A figure keeps its "hơn", "gần" or "chưa rõ" wherever it is shown: the dashboard's tables,
the report's table, the printed report, the report's workbook and /api/v1/stats/, never a bare
number for "more than" and never 0 for a figure no activity gives."""

import datetime
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from coordination import figures, reports
from coordination.filters import OutreachEventFilter
from coordination.models import ActivityType, OutreachEvent
from coordination.qualified import Figure

from .writes import save

REPORT_2024 = {"period": "year", "year": 2024}


def _text(html):
    """What a reader sees of some HTML: tags gone, spaces (non-breaking too) collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ")).strip()


def _rows(html, label):
    """The text of each table row naming `label`."""
    return [_text(row) for row in re.findall(r"<tr>.*?</tr>", html, re.S) if label in row]


@pytest.fixture
def year_2024(make_event, branches, province):
    """Only these are counted: "more than 2.000" sessions with an exact one, and participants
    that only one activity gives; a second type where no activity gives a figure."""
    for seeded_event in OutreachEvent.objects.all():
        seeded_event.status = "withdrawn"
        save(seeded_event)
    day, bac_ninh = datetime.date(2024, 3, 5), province("24")
    make_event(
        title="Hơn 2.000 buổi",
        start_date=day,
        province=bac_ninh,
        organiser=branches["own"],
        sessions=2000,
        participants=None,
        figures_qualifier="more_than",
    )
    make_event(
        title="Một buổi",
        start_date=day,
        organiser=branches["own"],
        province=bac_ninh,
        sessions=1,
        participants=80,
    )
    make_event(
        title="Thăm hỏi",
        start_date=day,
        province=bac_ninh,
        organiser=branches["own"],
        activity_type=ActivityType.objects.get(code="tham-hoi-tet"),
        sessions=None,
        participants=None,
    )


# How each sum reads, worked out by hand from what each activity's figure means.
SUMS = [
    # (sessions, qualifier) of each activity → what the sum says
    ([(5, "exact"), (7, "exact")], "12"),
    ([(2000, "more_than"), (1, "exact")], "hơn 2.001"),
    ([(900, "nearly"), (100, "exact")], "gần 1.000"),
    # hơn A + gần B: one part above, one below, so neither "hơn" nor "gần" holds.
    ([(2000, "more_than"), (25000, "nearly")], "khoảng 27.000"),
    # A figure not given only adds to the others: the known part is a lower bound.
    ([(30, "exact"), (None, "exact")], "ít nhất 30"),
    ([(2000, "more_than"), (None, "exact")], "hơn 2.000"),
    ([(900, "nearly"), (None, "exact")], "ít nhất khoảng 900"),
    ([(None, "exact"), (None, "more_than")], "chưa rõ"),
]


@pytest.mark.parametrize(("given", "reads"), SUMS)
def test_a_sum_says_only_what_holds_of_it(seeded, make_event, given, reads):
    for sessions, qualifier in given:
        make_event(title="x", sessions=sessions, figures_qualifier=qualifier)
    chosen = OutreachEvent.objects.published().filter(title="x")
    from_rows = reports.totals(figures.RowFigures(chosen))["sessions"]
    assert str(from_rows) == reads
    # The tallies count as the rows do: how many gave a figure and how it was qualified.
    type_filter = {"type": ActivityType.objects.get(code="tuyen-truyen").code, "q": ""}
    everything = OutreachEventFilter(type_filter, queryset=OutreachEvent.objects.published())
    tallied, added_up = figures.of(everything), figures.RowFigures(everything.qs)
    assert isinstance(tallied, figures.TallyFigures)
    assert reports.by_type(tallied) == reports.by_type(added_up)


def test_unknown_is_none_not_zero_and_an_empty_selection_is_zero():
    unknown = Figure.of(
        {"activities": 3, "sessions": 0, "sessions_given": 0, "sessions_more_than": 0}
        | {"sessions_nearly": 0},
        "sessions",
    )
    with translation.override("vi"):  # no request here to choose the language
        assert unknown.value is None and str(unknown) == "chưa rõ"
    assert 'class="muted"' in unknown.__html__()
    none = Figure.of(dict.fromkeys(["activities", "sessions", "sessions_given"], 0), "sessions")
    assert (none.value, str(none)) == (0, "0")


def test_dashboard_tables_keep_the_qualifiers_of_the_seeded_figures(client, seeded):
    """The seeds: one activity of "hơn 2.000" sessions, no activity giving participants."""
    html = client.get(reverse("dashboard")).content.decode()
    rows = _rows(html, "Tuyên truyền, phổ biến pháp luật")
    assert rows, html
    for row in rows:
        assert "hơn 2.000" in row and row.endswith("chưa rõ"), row
    # No sum of participants reads 0 in any table of figures.
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if "<td" in row]
    cells = [_text(re.findall(r"<td[^>]*>(.*?)</td>", row)[-1]) for row in rows]
    assert cells and "0" not in cells and "chưa rõ" in cells


def test_report_table_keeps_them(client, year_2024):
    page = client.get(reverse("report"), REPORT_2024).content.decode()
    assert "hơn 2.001 lượt" not in page  # sessions are not participants
    [row] = _rows(page, '>Tuyên truyền, phổ biến pháp luật</a></td><td class="num">')
    assert row == "Tuyên truyền, phổ biến pháp luật 2 hơn 2.001 ít nhất 80"
    [row] = _rows(page, '>Thăm hỏi, chúc Tết</a></td><td class="num">')
    assert row == "Thăm hỏi, chúc Tết 1 chưa rõ chưa rõ"
    [summary] = _rows(page, "<td>Số buổi</td>")
    assert "hơn 2.001" in summary


def test_printed_report_keeps_them(client, year_2024):
    printed = client.get(reverse("report"), {**REPORT_2024, "format": "print"}).content.decode()
    # Every table numbers its rows (TT) and gives the sessions beside the participants.
    assert printed.count('<th scope="col">TT</th>') == 4
    assert _rows(printed, "<td>Tuyên truyền, phổ biến pháp luật</td>") == [
        "1 Tuyên truyền, phổ biến pháp luật 2 hơn 2.001 ít nhất 80"
    ]
    assert _rows(printed, "<td>Thăm hỏi, chúc Tết</td>") == [
        "2 Thăm hỏi, chúc Tết 1 chưa rõ chưa rõ"
    ]
    [overall] = _rows(printed, "<td>Số buổi</td>")
    assert overall.startswith("Số buổi hơn 2.001 ")
    [province] = _rows(printed, "<td>Bắc Ninh</td>")
    assert province == "1 Bắc Ninh 3 hơn 2.001 ít nhất 80"


def test_report_workbook_keeps_them(client, year_2024):
    from openpyxl import load_workbook

    response = client.get(reverse("report"), {**REPORT_2024, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    by_type = {row[0]: row[1:] for row in workbook["Theo loại hoạt động"].values}
    assert by_type["Loại hoạt động"] == (
        "Hoạt động",
        "Số buổi",
        "Mức chính xác",
        "Lượt người tham dự",
        "Mức chính xác",
    )
    assert by_type["Tuyên truyền, phổ biến pháp luật"] == (2, 2001, "hơn", 80, "ít nhất")
    assert by_type["Thăm hỏi, chúc Tết"] == (1, "chưa rõ", "chưa rõ", "chưa rõ", "chưa rõ")
    summary = {row[0]: row[1:] for row in workbook["Tổng hợp"].values}
    assert summary["Số buổi"][:2] == (2001, "hơn")


def test_api_stats_keep_them_with_null_for_unknown(client, year_2024):
    api = client.get("/api/v1/stats/", {"date_after": "01/01/2024", "date_before": "31/12/2024"})
    data = api.json()
    assert data["totals"]["sessions"] == 2001
    assert data["totals"]["sessions_qualifier"] == "more_than"
    assert data["totals"]["participants"] == 80
    assert data["totals"]["participants_qualifier"] == "at_least"
    rows = {row["label"]: row for row in data["by_type"]}
    visit = rows["Thăm hỏi, chúc Tết"]
    assert (visit["sessions"], visit["sessions_qualifier"]) == (None, "unknown")
    assert (visit["participants"], visit["participants_qualifier"]) == (None, "unknown")


def test_the_api_schema_says_a_figure_may_be_null_and_how_to_read_it(client, seeded):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    shapes = schema["components"]["schemas"]
    for shape in ("Totals", "BreakdownRow"):
        properties = shapes[shape]["properties"]
        assert properties["participants"].get("nullable") is True, shape
        assert "more_than" in properties["participants_qualifier"]["description"], shape
        assert "unknown" in properties["sessions_qualifier"]["description"], shape


def test_printed_report_reads_as_an_official_document(client, year_2024):
    params = {**REPORT_2024, "branch": "cdca-bn", "format": "print"}
    html = client.get(reverse("report"), params).content.decode()
    text = _text(html)
    # No "Như trên" where no "Kính gửi" names a recipient; a line for the signer's name.
    assert "Kính gửi" not in text and "Như trên" not in text
    assert "(Ký tên, đóng dấu)" in text
    assert re.search(r'<p class="signer"[^>]*><span class="blank">…+</span></p>', html)
    assert re.search(r'<th scope="col">TT</th>', html)
    # A place's name is never split over two lines.
    assert "TỈNH BẮC\xa0NINH" in html
    # The address is set apart, to break anywhere rather than be justified.
    assert re.search(r'<span class="url">http://testserver/reports/\?[^<]+</span>', html)
    with open(finders.find("coordination/report-print.css"), encoding="utf-8") as sheet:
        css = sheet.read()
    assert re.search(r"\.closing, \.ending \{[^}]*break-inside: avoid", css)
    # The last section travels with the closing: no last page of "Nơi nhận" alone.
    ending = html.split('<div class="ending">')[1]
    assert "IV. " in ending and 'class="closing"' in ending
    assert re.search(r"p\.source \{[^}]*text-align: left", css)
    assert re.search(r"\.url \{[^}]*word-break: break-all", css)
    assert 'class="closing"' in html and html.index('class="closing"') < html.index("doc-foot")

    # In English the page says so, and the nation's motto stays Vietnamese.
    client.cookies["django_language"] = "en"
    page = client.get(reverse("report"), params).content.decode()
    assert '<html lang="en">' in page and "REPORT" in page
    assert '<td class="nation" lang="vi">' in page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in page


def test_summary_line_and_empty_tables_are_in_vietnamese(client, year_2024, make_event):
    html = client.get(reverse("report"), REPORT_2024).content.decode()
    [line] = re.findall(r'<p class="summary-line">(.*?)</p>', html)
    assert line == (
        "Từ 01/01/2024 đến 31/12/2024: 3 hoạt động tại 1 tỉnh, thành phố; "
        "ít nhất 80 lượt người tham dự."
    )
    visits = client.get(reverse("dashboard"), {"type": "tham-hoi-tet"}).content.decode()
    [line] = re.findall(r'<p class="summary-line">(.*?)</p>', visits)
    assert line.endswith("; chưa rõ số lượt người tham dự.")
    # Activities that name no province are not said to be "tại 0 tỉnh, thành phố".
    make_event(title="Không nêu địa bàn", province=None, start_date=datetime.date(2024, 4, 1))
    unplaced = client.get(reverse("dashboard"), {"province": "nationwide"}).content.decode()
    [line] = re.findall(r'<p class="summary-line">(.*?)</p>', unplaced)
    assert re.fullmatch(r"Từ .*: [\d.]+ hoạt động; (chưa rõ số lượt|.* lượt) người tham dự\.", line)
    # A breakdown with no row: the top branches of a central branch's own activities.
    empty = client.get(reverse("dashboard"), {"date_after": "01/01/2030"}).content.decode()
    assert "Không có số liệu cho các điều kiện lọc này." in empty
    assert "Nothing to show" not in empty


def test_the_english_summary_line_counts_in_the_singular_too(client, year_2024):
    """A reader saw "1 activities in 1 provinces and cities"."""
    client.cookies["django_language"] = "en"
    html = client.get(reverse("dashboard"), {"q": "Hơn 2.000 buổi"}).content.decode()
    [line] = re.findall(r'<p class="summary-line">(.*?)</p>', html)
    assert "1 activity in 1 province or city;" in line, line
    html = client.get(reverse("dashboard")).content.decode()
    [line] = re.findall(r'<p class="summary-line">(.*?)</p>', html)
    assert "3 activities in 1 province or city;" in line, line


def test_no_template_comment_shows_on_the_printed_report(client, year_2024):
    printed = client.get(reverse("report"), {**REPORT_2024, "format": "print"}).content.decode()
    assert "{#" not in printed and "#}" not in printed
