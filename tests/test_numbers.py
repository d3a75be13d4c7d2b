"""Every figure on the dashboard, home, branch and province pages opens a list of that many
activities: a visitor who clicks a bar, a table row or a count lands on a list that agrees."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from coordination.models import UnionBranch

BAR = re.compile(
    r'<li><a href="([^"]+)"><span class="bar-label">(.*?)</span> '
    r'<span class="bar-value">([\d.]+)</span>'
)
TABLE_ROW = re.compile(r'<tr><td><a href="([^"]+)">(.*?)</a></td><td class="num">([\d.]+)</td>')
NATIONWIDE = re.compile(r'<p class="nationwide">[^<]*<a href="([^"]+)">([\d.]+) ')
TOTAL = re.compile(r"<dd><a href=\"([^\"]+)\">([\d.]+)</a></dd>")
LISTED = re.compile(r"Tìm thấy ([\d.]+) hoạt động")


@pytest.fixture
def demo(seeded):
    """A few hundred activities spread over the real hierarchy, years and provinces."""
    call_command("generate_demo_data", events=400, seed=3, stdout=io.StringIO())


def _number(text):
    return int(text.replace(".", ""))


def _listed(client, href):
    response = client.get(html.unescape(href), follow=True)
    assert response.status_code == 200, href
    found = LISTED.search(response.content.decode())
    assert found, f"{href} is not a list with a count"
    return _number(found.group(1))


def _figures(page):
    """(where, label, address, figure) of every linked figure on a dashboard page."""
    figures = [("bar", label, href, value) for href, label, value in BAR.findall(page)]
    figures += [("row", label, href, value) for href, label, value in TABLE_ROW.findall(page)]
    figures += [("nationwide", "", href, value) for href, value in NATIONWIDE.findall(page)]
    figures += [("total", "", href, value) for href, value in TOTAL.findall(page)]
    return figures


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"count_by": "recorded"},
        {"unit": "month", "date_after": "01/01/2024", "date_before": "31/12/2025"},
        {"province": "24"},
        {"province": "former:27"},
        {"branch": "DEMO-BRANCH"},
        {"type": "tuyen-truyen"},
        {"focus_area": "qc04-tuyen-truyen"},
        {"date_after": "15/03/2023"},  # inside a month: added up from the rows
        {"province": "79", "type": "tuyen-truyen"},
    ],
)
def test_every_bar_and_row_of_the_dashboard_opens_a_list_of_that_many(client, demo, params):
    if params.get("branch"):
        # An upper-level branch with grassroots branches below it.
        params = {**params, "branch": _busy_upper_branch().code}
    page = client.get(reverse("dashboard"), params).content.decode()
    figures = _figures(page)
    assert len(figures) > 10, "the dashboard shows bars and rows"
    kinds = {kind for kind, *_rest in figures}
    assert {"bar", "row", "total"} <= kinds
    listed = {}  # a bar and its table row open the same list: open it once
    for kind, label, href, value in figures:
        if href not in listed:
            listed[href] = _listed(client, href)
        assert listed[href] == _number(value), (kind, html.unescape(label), href)


def _busy_upper_branch():
    return (
        UnionBranch.objects.filter(level=UnionBranch.Level.UPPER, children__isnull=False)
        .filter(organised_events__status="published")
        .distinct()
        .order_by("code")
        .first()
    )


def test_home_province_and_branch_counts_open_lists_of_that_many(client, demo):
    home = client.get(reverse("home")).content.decode()
    [(href, value)] = TOTAL.findall(home)
    assert _listed(client, href) == _number(value)

    provinces = client.get(reverse("province-list")).content.decode()
    counts = re.findall(r'<td class="num"><a href="([^"]+)">([\d.]+)</a></td>', provinces)
    assert len(counts) == 34
    for href, value in counts[:8]:
        assert _listed(client, href) == _number(value), href

    branch = _busy_upper_branch()
    for url in (branch.get_absolute_url(), reverse("province-detail", args=["79"])):
        page = client.get(url).content.decode()
        href, value = re.search(r'class="result-count"><a href="([^"]+)">([\d.]+) ', page).groups()
        assert _listed(client, href) == _number(value), url

    tree = client.get(reverse("branch-list")).content.decode()
    # Each branch's count in the tree links to the list filtered by it (sub-branches included).
    counts = re.findall(r'<a href="(/activities/\?branch=[^"]+)">([\d.]+) hoạt động</a>', tree)
    assert len(counts) > 100
    for href, value in counts[:: len(counts) // 10]:
        assert _listed(client, href) == _number(value), href
