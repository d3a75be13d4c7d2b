"""What each public page shows, in which language, and how many queries it costs."""

import datetime

import pytest
from django.urls import reverse

from coordination import changes
from coordination.models import Agreement, OutreachEvent, UnionBranch


@pytest.fixture
def tet(seeded):
    return OutreachEvent.objects.get(activity_type__code="tham-hoi-tet")


def test_event_detail_shows_where_when_who_and_source(client, tet):
    html = client.get(reverse("event-detail", args=[tet.pk])).content.decode()
    # One programme; its places are the article's list, which it says is not exhaustive.
    assert "Điện Biên, Hà Giang, Cao Bằng" in html and "bài viết không kể hết" in html
    assert "không nêu tỉnh, thành phố" in html and "Toàn quốc" not in html
    assert "Công đoàn Công an nhân dân" in html
    assert "LĐLĐ địa phương" in html
    assert "Công đoàn CAND phối hợp bảo đảm an ninh" in html  # the source's title
    assert "vui xuân đón Tết" in html


def test_a_former_province_is_shown_with_what_it_is_now(client, make_event, province):
    event = make_event(province=province("24", "former"))
    html = client.get(reverse("event-detail", args=[event.pk])).content.decode()
    assert "Bắc Giang (nay thuộc Bắc Ninh)" in html


def test_source_titles_say_the_editors_wrote_them(client, tet):
    """The article files have no headline: a title shown is the editors' and says so."""
    html = client.get(reverse("event-detail", args=[tet.pk])).content.decode()
    title = "Công đoàn CAND phối hợp bảo đảm an ninh, trật tự trong công nhân lao động"
    assert f"{title} (tiêu đề do biên tập đặt)" in html
    earlier = Agreement.objects.get(code="qc-earlier")
    html = client.get(earlier.get_absolute_url()).content.decode()
    assert "(tiêu đề do biên tập đặt)" in html


def test_a_blank_province_reads_place_not_given_unless_the_source_says_nationwide(
    client, seeded, make_event
):
    """The seeded activities' sources say "ở các tỉnh, thành phố", "nhiều đơn vị, địa
    phương" or nothing: none says the whole country."""
    unsaid = make_event(title="Không nêu nơi", province=None)
    nationwide = make_event(title="Cả nước", province=None, nationwide=True)
    de_an = OutreachEvent.objects.get(external_ref="seed-de-an-06")
    html = client.get(de_an.get_absolute_url()).content.decode()
    assert 'Các khu công nghiệp <span class="muted">(không nêu tỉnh, thành phố)' in html
    assert "Toàn quốc" not in html
    assert "không nêu địa bàn" in client.get(unsaid.get_absolute_url()).content.decode()
    assert "Toàn quốc" in client.get(nationwide.get_absolute_url()).content.decode()
    listed = client.get(reverse("event-list")).content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in listed.split("<tr>")[1:]}
    assert "không nêu địa bàn" in rows["Không nêu nơi"] and "Toàn quốc" in rows["Cả nước"]
    assert "Toàn quốc" not in rows[de_an.title]
    home = client.get(reverse("home")).content.decode()
    cards = home.split('class="event-cards"')[1]
    assert cards.count("Toàn quốc") == 1 and "không nêu địa bàn" in cards  # "Cả nước" only


def test_de_an_06_is_credited_to_the_units_the_source_names_everywhere(client, seeded):
    """The source says "CĐ CA nhiều đơn vị, địa phương" did it, not CĐ CAND itself: the
    list, the home page's cards, the branch page and the API say so, as the page does."""
    de_an = OutreachEvent.objects.get(external_ref="seed-de-an-06")
    said = "CĐ CA nhiều đơn vị, địa phương"

    def row_of(html):
        return next(row for row in html.split("<tr>") if de_an.title in row)

    listed = client.get(reverse("event-list"), {"type": "de-an-06"}).content.decode()
    assert said in row_of(listed) and "CĐ CAND<" not in row_of(listed)
    branch = client.get(reverse("branch-detail", args=["cd-cand"])).content.decode()
    assert said in row_of(branch)
    card = client.get(reverse("home")).context["latest"]
    assert [e.organised_by for e in card if e.pk == de_an.pk] in ([said], [])
    api = client.get(reverse("api:activity-detail", args=[de_an.pk])).json()
    assert api["organised_by"] == said and api["organiser"]["code"] == "cd-cand"
    assert said in client.get(de_an.get_absolute_url()).content.decode()


def test_the_partner_line_does_not_repeat_phoi_hop(client, seeded):
    event = OutreachEvent.objects.get(external_ref="seed-tuyen-truyen-kcn")
    html = client.get(event.get_absolute_url()).content.decode()
    line = html.split("Phối hợp với</dt>")[1].split("</dd>")[0]
    assert "LĐLĐ tỉnh, thành phố và CĐ ngành Trung ương" in line
    assert "phối hợp" not in line.lower()


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
    # The seeded Tết programme names Bắc Ninh and Bắc Giang among its places, but is one
    # record with no province: it is not counted here.
    assert client.get(reverse("province-detail", args=["24"])).context["event_count"] == 1


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
