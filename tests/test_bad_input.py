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


# Province codes of the other era, swapped dates ----------------------------------------------


@pytest.mark.parametrize(
    "code, expected",
    [
        # 27 was Bắc Ninh's code; today's Bắc Ninh is 24 (once Bắc Giang's).
        ("27", "27 là mã tỉnh cũ (Bắc Ninh): chọn Bắc Ninh (24) hoặc Bắc Ninh (cũ)."),
        (
            "02",
            "02 là mã tỉnh cũ (Hà Giang): chọn Tuyên Quang (08) hoặc "
            "Hà Giang (cũ, nay thuộc Tuyên Quang).",
        ),
    ],
)
def test_a_former_only_province_code_says_which_provinces_are_meant(client, seeded, code, expected):
    html = client.get(reverse("event-list"), {"province": code}).content.decode()
    assert expected in html and "khả thi" not in html
    api = client.get(reverse("api:activity-list"), {"province": code})
    assert api.status_code == 400 and api.json()["errors"]["province"] == [expected]


def test_swapping_two_reversed_dates_keeps_them_as_people_write_them(client, seeded):
    response = client.get(
        reverse("event-list"), {"date_after": "01/05/2024", "date_before": "01/01/2024"}
    )
    swap = response.context["swap_query"]
    assert "date_after=01%2F01%2F2024" in swap and "date_before=01%2F05%2F2024" in swap
    boxes = client.get(f"{reverse('event-list')}?{swap}").content.decode()
    assert 'value="01/01/2024"' in boxes and 'value="01/05/2024"' in boxes
    assert "2024-01-01" not in boxes


# What an activity cannot be ------------------------------------------------------------------


def _admin_add(client, regulation, make_event, **fields):
    from coordination.models import OutreachEvent

    from .helpers import event_admin_url, event_form_data

    template = make_event()
    data = event_form_data(template, external_ref="", agreement=regulation.pk, **fields)
    before = OutreachEvent.objects.count()
    response = client.post(event_admin_url("add"), data)
    return response, OutreachEvent.objects.count() - before


def test_an_activity_before_its_regulation_was_signed_is_refused(
    client, staff, branches, regulation, make_event
):
    client.force_login(staff["central"])
    response, added = _admin_add(
        client, regulation, make_event, start_date="15/03/2019", date_precision="day"
    )
    assert added == 0
    errors = str(response.context["adminform"].form.errors["start_date"])
    assert "trước khi Quy chế phối hợp 04 được ký (25/04/2023)" in errors
    # The month of signing is not before it: an activity known only to April 2023 may be.
    _response, added = _admin_add(
        client, regulation, make_event, start_date="01/04/2023", date_precision="month"
    )
    assert added == 1


@pytest.mark.parametrize(
    "fields, refused",
    [
        ({"sessions": "5000", "start_date": "15/03/2024", "date_precision": "day"}, True),
        ({"sessions": "51", "start_date": "15/03/2024", "date_precision": "day"}, True),
        ({"sessions": "50", "start_date": "15/03/2024", "date_precision": "day"}, False),
        ({"sessions": "20000", "start_date": "", "date_precision": "unknown"}, True),
        # An aggregated report of the year: "hơn 2.000" sessions is the articles' own figure.
        ({"sessions": "5000", "start_date": "01/01/2024", "date_precision": "year"}, False),
    ],
)
def test_sessions_of_one_activity_have_a_sane_bound(
    client, staff, branches, regulation, make_event, fields, refused
):
    client.force_login(staff["central"])
    response, added = _admin_add(client, regulation, make_event, **fields)
    assert added == (0 if refused else 1)
    if refused:
        assert "Tối đa" in str(response.context["adminform"].form.errors["sessions"])


def test_an_imported_row_before_the_regulation_in_force_is_refused(entry_client, regulation):
    from coordination.models import OutreachEvent

    from .helpers import import_row, upload, xlsx

    before = OutreachEvent.objects.count()
    response = upload(entry_client, xlsx(import_row("BN-1", start_date="15/03/2019")))
    errors = response.context["result"].errors
    assert errors and "trước khi Quy chế phối hợp 04 được ký (25/04/2023)" in errors[0].text()
    assert OutreachEvent.objects.count() == before


def test_the_report_explains_a_former_province_code_as_the_list_does(client, seeded):
    response = client.get(reverse("report"), {"period": "year", "year": "2025", "province": "27"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "27 là mã tỉnh cũ (Bắc Ninh): chọn Bắc Ninh (24) hoặc Bắc Ninh (cũ)." in page
    assert "lựa chọn khả thi" not in page
