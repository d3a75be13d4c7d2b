"""Drafts and withdrawn records never reach a public page, count or link."""

import pytest
from django.urls import reverse

from coordination.models import FocusArea

HIDDEN = ("draft", "withdrawn")


@pytest.fixture
def hidden(make_event, province, branches):
    return [
        make_event(
            status=status,
            title=f"Bí mật {status}",
            province=province("24"),
            organiser=branches["own"],
            sessions=77,
            participants=777,
            focus_areas=[FocusArea.objects.get(code="qc04-toi-pham")],
        )
        for status in HIDDEN
    ]


@pytest.mark.parametrize("status_index", [0, 1])
def test_hidden_record_is_404_by_direct_url(client, hidden, status_index):
    response = client.get(reverse("event-detail", args=[hidden[status_index].pk]))
    assert response.status_code == 404
    assert "Bí mật" not in response.content.decode()


def test_hidden_records_absent_from_every_public_page(client, hidden, regulation, branches):
    urls = [
        reverse("home"),
        reverse("event-list"),
        reverse("event-list") + "?province=24",
        reverse("event-list") + "?branch=cdca-bn",
        reverse("event-list") + "?q=bi+mat",
        reverse("agreement-detail", args=[regulation.pk]),
        reverse("branch-list"),
        reverse("branch-detail", args=["cdca-bn"]),
        reverse("province-detail", args=["24"]),
    ]
    for url in urls:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "Bí mật" not in html, url
        for event in hidden:
            assert reverse("event-detail", args=[event.pk]) not in html, url
        assert "777" not in html, url


def test_hidden_records_do_not_count(client, hidden, regulation, make_event, province, branches):
    # One published activity beside the two hidden ones: only it counts in Bắc Ninh.
    make_event(title="Công khai", province=province("24"), organiser=branches["own"])
    assert client.get(reverse("event-list") + "?province=24").context["page"].paginator.count == 1
    areas = client.get(reverse("agreement-detail", args=[regulation.pk])).context["focus_areas"]
    counts = {area.code: published for area, published in areas}
    # The hidden ones are logged under QC 04 and do not count; the seeded ones name no
    # regulation, so QC 04's page does not count them either.
    assert counts["qc04-toi-pham"] == 0
    branch_page = client.get(reverse("branch-detail", args=["cdca-bn"]))
    assert branch_page.context["event_count"] == 1
    assert client.get(reverse("province-detail", args=["24"])).context["event_count"] == 1
