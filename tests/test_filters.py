"""The public list's filters, alone and combined.

The same FilterSet serves the dashboard and the exports."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from coordination import changes
from coordination.models import ActivityType, FocusArea
from coordination.paginators import SearchPaginator
from coordination.search import SHORT_TEXT
from coordination.text import fold


def titles(client, **params):
    response = client.get(reverse("event-list"), params)
    assert response.status_code == 200
    return [event.title for event in response.context["page"].object_list]


@pytest.fixture
def sample(make_event, province, branches):
    crime = FocusArea.objects.get(code="qc04-toi-pham")
    tet = ActivityType.objects.get(code="tham-hoi-tet")
    return {
        "bac_giang": make_event(
            title="Tuyên truyền ở KCN Quang Châu",
            province=province("24", "former"),
            organiser=branches["sub"],
            start_date=datetime.date(2024, 3, 5),
        ),
        "bac_ninh_old": make_event(
            title="Tuyên truyền ở KCN Yên Phong",
            province=province("27", "former"),
            organiser=branches["own"],
            start_date=datetime.date(2024, 4, 5),
            focus_areas=[crime],
        ),
        "bac_ninh_new": make_event(
            title="Bảo vệ an ninh công nhân Bắc Ninh",
            province=province("24"),
            organiser=branches["own"],
            start_date=datetime.date(2025, 9, 1),
            activity_type=tet,
            participants=300,
            sessions=2,
        ),
        "dong_nai": make_event(
            title="Phòng chống ma túy tại Đồng Nai",
            province=province("75"),
            organiser=branches["other"],
            start_date=datetime.date(2025, 10, 1),
            participants=50,
            sessions=9,
            description="Xây dựng phong trào",
        ),
    }


TET = (
    "Chương trình “CĐ CAND đồng hành cùng lực lượng CA xã, bà con nhân dân vùng biên giới, "
    "vùng trọng điểm vui xuân đón Tết”"
)


def test_current_province_includes_its_former_parts(client, sample):
    assert titles(client, province="24") == [
        "Bảo vệ an ninh công nhân Bắc Ninh",
        "Tuyên truyền ở KCN Yên Phong",
        "Tuyên truyền ở KCN Quang Châu",
    ]  # the seeded Tết programme names Bắc Ninh among its places, but has no province


def test_former_province_shows_only_what_was_recorded_there(client, sample):
    assert titles(client, province="former:24") == ["Tuyên truyền ở KCN Quang Châu"]
    assert titles(client, province="former:27") == ["Tuyên truyền ở KCN Yên Phong"]


def test_province_form_offers_former_units_with_their_successor(client, seeded):
    html = client.get(reverse("event-list")).content.decode()
    assert "Bắc Giang (cũ, nay thuộc Bắc Ninh)" in html
    assert 'value="former:24"' in html


def test_branch_includes_its_sub_branches(client, sample, branches):
    assert set(titles(client, branch="cdca-bn")) == {
        "Bảo vệ an ninh công nhân Bắc Ninh",
        "Tuyên truyền ở KCN Yên Phong",
        "Tuyên truyền ở KCN Quang Châu",
    }
    assert titles(client, branch="cdcs-pc06-bn") == ["Tuyên truyền ở KCN Quang Châu"]
    assert len(titles(client, branch="cd-cand")) == 4 + 10  # everything: the root


def test_focus_area_by_code_or_id(client, sample):
    crime = FocusArea.objects.get(code="qc04-toi-pham")
    by_code = titles(client, focus_area="qc04-toi-pham")
    assert "Tuyên truyền ở KCN Yên Phong" in by_code
    assert "Tuyên truyền ở KCN Quang Châu" not in by_code
    assert titles(client, focus_area=str(crime.pk)) == by_code


def test_type_by_code_or_id(client, sample):
    tet = ActivityType.objects.get(code="tham-hoi-tet")
    by_code = titles(client, type="tham-hoi-tet")
    assert "Bảo vệ an ninh công nhân Bắc Ninh" in by_code
    assert len(by_code) == 2  # the seeded Tết programme (one record) and ours
    assert titles(client, type=str(tet.pk)) == by_code


def test_dates_in_iso_and_as_users_type_them(client, sample):
    expected = ["Tuyên truyền ở KCN Yên Phong", "Tuyên truyền ở KCN Quang Châu"]
    assert titles(client, date_after="2024-03-01", date_before="2024-12-31") == expected
    assert titles(client, date_after="01/03/2024", date_before="31/12/2024") == expected
    assert titles(client, date_after="05/04/2024", date_before="05/04/2024") == expected[:1]


def test_filters_combine(client, sample):
    assert titles(
        client,
        province="24",
        branch="cdca-bn",
        focus_area="qc04-toi-pham",
        date_after="01/01/2024",
        date_before="31/12/2024",
    ) == ["Tuyên truyền ở KCN Yên Phong"]
    assert titles(client, province="75", branch="cdca-bn") == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("bao ve an ninh", "Bảo vệ an ninh công nhân Bắc Ninh"),
        ("BẢO VỆ", "Bảo vệ an ninh công nhân Bắc Ninh"),
        ("Dong Nai", "Phòng chống ma túy tại Đồng Nai"),
        ("dong nai", "Phòng chống ma túy tại Đồng Nai"),
        ("phong trao", "Phòng chống ma túy tại Đồng Nai"),  # in the description
        ("yen phong kcn", "Tuyên truyền ở KCN Yên Phong"),  # words in any order
    ],
)
def test_search_ignores_diacritics_and_case(client, sample, query, expected):
    assert titles(client, q=query) == [expected]


def test_search_words_match_from_a_word_start_only(client, make_event):
    make_event(title="Tuyên truyền pháp luật")
    make_event(title="Hội nghị ở Yên Phong")
    make_event(title="Ra quân an toàn giao thông")
    found = titles(client, q="yen")
    assert "Hội nghị ở Yên Phong" in found and "Tuyên truyền pháp luật" not in found
    assert titles(client, q="uyen") == []
    assert "Hội nghị ở Yên Phong" in titles(client, q="ph yen")
    assert "Ra quân an toàn giao thông" not in titles(client, q="uan")  # not "quân"
    assert "Ra quân an toàn giao thông" not in titles(client, q="ua")
    assert "Ra quân an toàn giao thông" in titles(client, q="qu an toan")


def test_a_published_activity_with_a_long_description_is_saved_and_found(
    client, make_event, province
):
    """A whole article pasted as the description (tens of kilobytes that do not compress
    much) must save and be found by its last words, within its province too: an index that
    copies the search text into a B-tree entry (at most 2,704 bytes) would refuse the row."""
    words = [hashlib.sha256(str(n).encode()).hexdigest()[:9] for n in range(2_000)]
    make_event(title="Bài viết dài", description=" ".join(words), province=province("24"))
    assert titles(client, q=words[-1]) == ["Bài viết dài"]
    assert titles(client, q=words[-1], province="24") == ["Bài viết dài"]


def test_a_search_counts_its_short_and_long_texts_together(
    client, make_event, province, monkeypatch
):
    """The matches are read in two parts, texts up to SHORT_TEXT characters and longer ones:
    the count, the pages and the cap take both."""
    long_description = " ".join(["đoạn"] * (SHORT_TEXT // 4))
    assert len(fold(long_description)) > SHORT_TEXT
    for n in range(2):
        make_event(title=f"Hội nghị ngắn {n}", province=province("24"))
        make_event(title=f"Hội nghị dài {n}", description=long_description, province=province("24"))
    make_event(title="Hội nghị ở Hà Nội", description=long_description, province=province("01"))
    make_event(title="Tập huấn", description=long_description, province=province("24"))

    def found(**params):
        response = client.get(reverse("event-list"), {"q": "hoi nghi", **params})
        paginator = response.context["page"].paginator
        return paginator.count, paginator.is_capped, response.context["page"].object_list

    count, capped, rows = found(province="24")
    assert (count, capped) == (4, False)
    assert sorted(event.title for event in rows) == [
        "Hội nghị dài 0",
        "Hội nghị dài 1",
        "Hội nghị ngắn 0",
        "Hội nghị ngắn 1",
    ]
    # Past the cap the short texts fill it first; a long one tells that there are more.
    monkeypatch.setattr(SearchPaginator, "cap", 2)
    count, capped, _rows = found(province="24")
    assert (count, capped) == (3, True)


def test_search_reaches_the_place(client, make_event):
    make_event(title="Buổi nói chuyện", place="Khu công nghiệp Nhơn Trạch")
    assert titles(client, q="nhon trach") == ["Buổi nói chuyện"]


def test_sort_orders(client, sample):
    assert (
        titles(client, sort="-participants", province="24")[0]
        == "Bảo vệ an ninh công nhân Bắc Ninh"
    )
    assert titles(client, sort="-sessions", q="dong nai") == ["Phòng chống ma túy tại Đồng Nai"]
    newest = titles(client)
    assert newest[:2] == ["Phòng chống ma túy tại Đồng Nai", "Bảo vệ an ninh công nhân Bắc Ninh"]
    assert titles(client, sort="date")[0] == "Tuyên truyền ở KCN Quang Châu"
    # Participants: 50 before 300, records without a figure last.
    fewest = titles(client, sort="participants")
    assert fewest[:2] == ["Phòng chống ma túy tại Đồng Nai", "Bảo vệ an ninh công nhân Bắc Ninh"]


def test_undated_records_come_last_newest_first(client, sample):
    listed = titles(client, page=1)
    assert listed[0] == "Phòng chống ma túy tại Đồng Nai"
    response = client.get(reverse("event-list"))
    last_page = response.context["page"].paginator.num_pages
    last = client.get(reverse("event-list"), {"page": last_page}).context["page"].object_list
    assert last[len(last) - 1].start_date is None


def test_result_count_and_kind_empty_message(client, sample):
    html = client.get(reverse("event-list"), {"province": "75"}).content.decode()
    assert "1 hoạt động" in html
    html = client.get(reverse("event-list"), {"q": "xyzzyq"}).content.decode()
    assert "0 hoạt động" in html
    assert 'class="info"' in html


def test_filters_stay_in_pagination_links(client, make_event):
    for day in range(1, 28):
        make_event(title=f"Buổi {day}", start_date=datetime.date(2024, 1, day))
    response = client.get(reverse("event-list"), {"q": "buoi", "page": 1})
    assert len(response.context["page"].object_list) == 25
    assert "q=buoi&amp;page=2" in response.content.decode()


def test_nationwide_lists_activities_without_a_province(client, sample, make_event):
    make_event(title="Toàn quốc mới", province=None)
    listed = titles(client, province="nationwide")
    assert "Toàn quốc mới" in listed and "Phòng chống ma túy tại Đồng Nai" not in listed
    assert len(listed) == 11  # ours and the ten seeded records without a province
    # The seeded ones' sources give no place; the option does not call them nationwide.
    html = client.get(reverse("event-list"), {"province": "nationwide"}).content.decode()
    assert "Không gắn với tỉnh nào (toàn quốc hoặc không nêu địa bàn)" in html
    assert "Toàn quốc (không gắn với tỉnh)" not in html


def test_the_chosen_options_are_marked_and_a_renamed_area_shows_at_once(client, seeded):
    """The selects are drawn once per content version: the page's own choice is still marked,
    and a change to a listed record is on the next page."""
    from tests.writes import save

    page = client.get(reverse("event-list"), {"province": "79", "type": "tuyen-truyen"})
    html = page.content.decode()
    assert '<option value="79" selected>' in html
    assert '<option value="tuyen-truyen" selected>' in html
    other = client.get(reverse("event-list"), {"province": "01"}).content.decode()
    assert '<option value="01" selected>' in other and '<option value="79" selected>' not in other
    area = FocusArea.objects.get(code="qc04-ma-tuy")
    area.name = "Phòng, chống ma túy (tên mới)"
    save(area)
    assert "Phòng, chống ma túy (tên mới)" in client.get(reverse("event-list")).content.decode()


def test_the_list_filters_by_a_province_changed_since_the_last_page(client, make_event, province):
    """Provinces and their parts are kept between requests, until the next change."""
    current, former = province("24"), province("24", era="former")
    make_event(title="Ở Bắc Giang cũ", province=former)
    page = client.get(reverse("event-list"), {"province": "24"}).text
    assert "Ở Bắc Giang cũ" in page
    with changes.recorded() as batch:
        current.name = "Bắc Ninh mới"
        former.successor = province("01")  # as if it had merged into Hà Nội
        for changed in (current, former):
            changed.save()
            batch.touch(changed)
    page = client.get(reverse("event-list"), {"province": "24"}).text
    assert "Bắc Ninh mới" in page
    assert "Ở Bắc Giang cũ" not in page


def test_a_date_range_reads_as_one_phrase_in_the_heading(client, seeded):
    """ "Hoạt động từ 01/01/2025 đến 31/12/2025": the language review found a comma between
    the two ends of one range; other filters are still listed with commas."""
    response = client.get(
        reverse("event-list"),
        {"province": "24", "date_after": "01/01/2025", "date_before": "31/12/2025"},
    )
    assert response.context["heading"] == "Hoạt động tại Bắc Ninh, từ 01/01/2025 đến 31/12/2025"
    only_start = client.get(reverse("event-list"), {"date_after": "01/01/2025"})
    assert only_start.context["heading"] == "Hoạt động từ 01/01/2025"
