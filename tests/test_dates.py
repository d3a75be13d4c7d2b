"""Dates as users read and type them: dd/mm/yyyy in links, no invented day in files."""

import csv
import datetime
import io

from django.urls import reverse


def test_dashboard_period_links_carry_the_dates_users_type(client, make_event):
    make_event(start_date=datetime.date(2024, 3, 15))
    rows = client.get(reverse("dashboard")).context["breakdowns"]["periods"]
    [march] = [row for row in rows if row["label"] == "03/2024"]
    assert "date_after=01%2F03%2F2024" in march["query"]
    assert "date_before=31%2F03%2F2024" in march["query"]


def test_report_links_carry_the_dates_users_type(client, make_event):
    make_event(start_date=datetime.date(2024, 3, 15))
    response = client.get(reverse("report"), {"period": "year", "year": "2024"})
    assert response.status_code == 200
    assert "date_after=01%2F01%2F2024" in response.context["list_query"]


def test_exports_write_month_and_year_precision_without_a_day(client, make_event):
    make_event(title="Tháng", start_date=datetime.date(2024, 5, 1), date_precision="month")
    make_event(title="Năm", start_date=datetime.date(2023, 1, 1), date_precision="year")
    text = client.get(reverse("event-export-csv")).getvalue().decode("utf-8-sig")
    header, *lines = csv.reader(io.StringIO(text))
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in lines}
    assert rows["Tháng"]["Ngày bắt đầu"] == "05/2024" and rows["Năm"]["Ngày bắt đầu"] == "2023"
