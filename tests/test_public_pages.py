"""What each public page shows, in which language, and how many queries it costs."""

import datetime

import pytest
from django.urls import reverse

from coordination import changes
from coordination.models import Agreement, OutreachEvent, UnionBranch


@pytest.fixture
def tet_bac_giang(seeded):
    from coordination.models import OutreachEvent

    return OutreachEvent.objects.get(external_ref="seed-tet-bac-giang")


def test_event_detail_shows_where_when_who_and_source(client, tet_bac_giang):
    html = client.get(reverse("event-detail", args=[tet_bac_giang.pk])).content.decode()
    assert "Bắc Giang (nay thuộc Bắc Ninh)" in html
    assert "Công đoàn Công an nhân dân" in html
    assert "LĐLĐ địa phương" in html
    assert "Công đoàn CAND phối hợp bảo đảm an ninh" in html  # the source's title
    assert "vui xuân đón Tết" in html


def test_event_detail_shows_date_precision(client, make_event):
    event = make_event(start_date=datetime.date(2024, 5, 1), date_precision="month")
    html = client.get(reverse("event-detail", args=[event.pk])).content.decode()
    assert "05/2024" in html and "01/05/2024" not in html


def test_qc04_page_states_number_date_parties_and_what_the_coordination_follows(client, regulation):
    html = client.get(reverse("agreement-detail", args=[regulation.pk])).content.decode()
    for text in ("25/04/2023", "Bộ Công an – Tổng Liên đoàn Lao động Việt Nam", "02-NQ/TW"):
        assert text in html, text
    assert "bám sát và cụ thể hóa" in html
    for text in (
        "Tô Lâm",
        "Bùi Văn Cường",
        "Bảo vệ an ninh Tổ quốc",
        "trên từng lĩnh vực",
        "Còn hiệu lực",
    ):
        assert text not in html, text


def test_earlier_regulation_page_has_the_ceremony_and_the_editors_note(client, seeded):
    earlier = Agreement.objects.get(code="qc-earlier")
    html = client.get(reverse("agreement-detail", args=[earlier.pk])).content.decode()
    for text in (
        "Ghi chú của biên tập",
        "Tô Lâm",
        "Mai Đức Chính",
        "Bảo vệ an ninh Tổ quốc",
        "trên từng lĩnh vực cụ thể",
        "7 lĩnh vực trọng tâm",
    ):
        assert text in html, text
    assert html.index("Bùi Văn Cường") < html.index("Lê Quý Vương")  # signers first


def test_branch_pages(client, branches, make_event):
    make_event(title="Hoạt động của CĐCS", organiser=branches["sub"])
    tree = client.get(reverse("branch-list"))
    assert "Công đoàn Công an tỉnh Bắc Ninh" in tree.content.decode()
    page = client.get(reverse("branch-detail", args=["cdca-bn"]))
    assert "Hoạt động của CĐCS" in page.content.decode()
    assert page.context["event_count"] == 1


def test_province_page_lists_former_parts_branches_and_activities(
    client, branches, make_event, province
):
    make_event(title="Ở Bắc Giang cũ", province=province("24", "former"))
    html = client.get(reverse("province-detail", args=["24"])).content.decode()
    assert "Bắc Giang" in html and "Công đoàn Công an tỉnh Bắc Ninh" in html
    assert "Ở Bắc Giang cũ" in html
    # Seeded Tết visits in former Bắc Ninh and Bắc Giang count too.
    assert client.get(reverse("province-detail", args=["24"])).context["event_count"] == 3


@pytest.mark.parametrize(
    "url",
    [
        "/activities/999999/",
        "/agreements/999999/",
        "/branches/khong-co/",
        "/provinces/02/",
        "/provinces/abc/",
        "/activities/99999999999999999999999/",
        "/khong-co-trang-nay/",
    ],
)
def test_unknown_ids_and_codes_are_a_404_in_vietnamese(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_english_through_the_language_switcher(client, seeded):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/activities/"})
    assert response.status_code == 302
    html = client.get(reverse("event-list")).content.decode()
    assert 'lang="en"' in html and "Apply filters" in html
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert 'lang="vi"' in client.get(reverse("home")).content.decode()


def _fill(make_event, branches, province, n):
    for i in range(n):
        make_event(
            title=f"Hoạt động {i}",
            organiser=branches["sub"],
            province=province("24", "former"),
            partners=[UnionBranch.objects.get(code="tong-ldld")],
        )


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("event-list", []),
        ("home", []),
        ("branch-list", []),
        ("branch-detail", ["cdca-bn"]),
        ("province-detail", ["24"]),
    ],
)
def test_query_count_does_not_grow_with_rows(
    client, make_event, branches, province, django_assert_max_num_queries, url_name, args
):
    url = reverse(url_name, args=args)
    _fill(make_event, branches, province, 3)
    # The first page after a write also reads the reference data again (provinces, branches,
    # types, focus areas, the agreements and what their pages show: refdata), once per
    # content version.
    with django_assert_max_num_queries(22) as few:
        client.get(url)
    _fill(make_event, branches, province, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_detail_and_agreement_pages_have_fixed_query_counts(
    client, make_event, regulation, branches, django_assert_max_num_queries
):
    event = make_event(partners=[branches["own"], branches["other"]])
    url = reverse("event-detail", args=[event.pk])
    # The first page after a write reads the reference data again (refdata): provinces,
    # branches, types, focus areas, the agreements with their signatories, awards, legal bases
    # and replacements.
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):  # the version, the activity, its areas and partners
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):  # the version, the focus areas' tallies
        assert client.get(reverse("agreement-detail", args=[regulation.pk])).status_code == 200


def test_a_list_with_one_filter_takes_its_count_from_the_tallies(
    client, make_event, branches, province, django_assert_max_num_queries
):
    """Exact totals without COUNT(*) over a million rows, and the same total the rows give."""
    _fill(make_event, branches, province, 3)
    current = province("24")
    for query in ({}, {"province": "24"}, {"branch": branches["sub"].code}):
        with django_assert_max_num_queries(20) as queries:
            response = client.get(reverse("event-list"), query)
        counted = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert not [sql for sql in counted if "coordination_outreachevent" in sql], query
        listed = OutreachEvent.objects.published()
        if "province" in query:
            listed = listed.in_province(current)
        if "branch" in query:
            listed = listed.in_branch(branches["sub"])
        assert response.context["page"].paginator.count == listed.count() > 0
    # Two filters: the tallies cannot say, the rows are counted (capped).
    response = client.get(reverse("event-list"), {"province": "24", "q": "hoạt"})
    assert response.status_code == 200


def test_rows_show_the_references_as_changed_since_the_last_page(
    client, make_event, branches, province
):
    """A row's branch, province and type are kept between requests, until the next change."""
    event = make_event(title="Hội nghị tuyên truyền", organiser=branches["own"])
    pages = [
        reverse("event-list"),
        reverse("home"),
        reverse("event-detail", args=[event.pk]),
        reverse("province-detail", args=["24"]),
        reverse("api:activity-list"),
        reverse("api:activity-detail", args=[event.pk]),
    ]
    for url in pages:
        assert "Công đoàn Công an tỉnh Bắc Ninh" in client.get(url).text, url
    with changes.recorded(events=[event.pk]) as batch:
        renamed, moved = branches["own"], OutreachEvent.objects.get(pk=event.pk)
        renamed.name = "Công đoàn Công an tỉnh Bắc Ninh (đổi tên)"
        renamed.save()
        batch.touch(renamed)
        moved.province = province("24", era="former")
        moved.save()
        batch.touch(moved)
    for url in pages:
        text = client.get(url).text
        assert "Công đoàn Công an tỉnh Bắc Ninh (đổi tên)" in text, url
    for url in pages[:3]:  # the pages that draw rows: the former province, and where it went
        assert province("24", era="former").label_with_successor() in client.get(url).text, url


def test_pages_drawn_from_kept_records_show_them_as_changed_since_the_last_page(
    client, make_event, regulation, branches
):
    """The regulation, branch, province and activity pages take agreements, sub-branches,
    a province's branches and focus areas from memory, until the next change."""
    event = make_event(title="Hội nghị tuyên truyền", organiser=branches["sub"])
    pages = {
        "regulation": reverse("agreement-detail", args=[regulation.pk]),
        "parent branch": reverse("branch-detail", args=["cdca-bn"]),
        "province": reverse("province-detail", args=["24"]),
        "activity": reverse("event-detail", args=[event.pk]),
    }
    for url in pages.values():
        assert client.get(url).status_code == 200
    with changes.recorded() as batch:
        sub = UnionBranch.objects.get(code="cdcs-pc06-bn")
        sub.name, sub.province = "Công đoàn cơ sở Phòng PC06 (đổi tên)", branches["own"].province
        sub.save()
        batch.touch(sub)
        regulation.title = "Quy chế phối hợp (tên mới)"
        regulation.save()
        batch.touch(regulation)
        signatory = regulation.signatories.create(
            name="Nguyễn Văn Mới", organisation="Bộ Công an", role="signed", order=9
        )
        batch.touch(signatory)
    assert "Nguyễn Văn Mới" in client.get(pages["regulation"]).text
    for name in ("parent branch", "province", "activity"):
        assert "Công đoàn cơ sở Phòng PC06 (đổi tên)" in client.get(pages[name]).text, name
    assert regulation.display_title in client.get(pages["activity"]).text
    assert client.get(reverse("branch-detail", args=["no-such-branch"])).status_code == 404
    assert client.get(reverse("province-detail", args=["cu:24"])).status_code == 404
    assert client.get(reverse("agreement-detail", args=[987654])).status_code == 404
