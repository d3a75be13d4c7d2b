"""Garbage in any query parameter gives a normal page, never a 500 or another record's data."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordination.filters import OutreachEventFilter

#: Every query parameter of the public list.
PARAMS = [*OutreachEventFilter.base_filters, "page"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"province": "abc"}, "Tỉnh"),
        ({"province": "former:99"}, "Tỉnh"),
        ({"date_after": "31/02/2024"}, "ngày"),
        ({"sort": "drop"}, "Sắp xếp"),
        ({"branch": "khong-ton-tai"}, "Đơn vị"),
        ({"focus_area": "999999"}, "Lĩnh vực"),
        ({"type": "'; DROP TABLE x; --"}, "Loại"),
        ({"q": "x" * 10_000}, "Tìm kiếm"),
    ],
)
def test_bad_filter_is_named_and_ignored(client, make_event, params, message):
    make_event(title="Vẫn hiển thị")
    response = client.get(reverse("event-list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and message in html
    assert "Vẫn hiển thị" in html  # the bad filter is dropped, the rest of the list stays


@pytest.mark.parametrize("page, expected", [("-1", 1), ("0", 1), ("abc", 1), ("999999", 1)])
def test_out_of_range_page_gives_the_nearest_page(client, seeded, page, expected):
    response = client.get(reverse("event-list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == expected


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=300), max_size=len(PARAMS)))
def test_random_strings_never_break_the_list(client, seeded, params):
    # Empty parameters redirect once to the address without them.
    response = client.get(reverse("event-list"), params, follow=True)
    assert response.status_code == 200 and len(response.redirect_chain) <= 1
