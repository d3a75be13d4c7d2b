"""The open-data API: published records only, the site's filters, pages and figures."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from coordination.models import Agreement, OutreachEvent

LIST = "/api/v1/activities/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counts live in the cache, which outlives each test's database."""
    cache.clear()


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_drafts_and_withdrawn_activities_are_absent_everywhere(client, make_event):
    shown = make_event(title="Đã công bố")
    draft = make_event(title="Bản nháp", status="draft")
    withdrawn = make_event(title="Đã thu hồi", status="withdrawn")
    assert _ids(client.get(LIST)).count(shown.pk) == 1
    assert draft.pk not in _ids(client.get(LIST)) and withdrawn.pk not in _ids(client.get(LIST))
    for hidden in (draft, withdrawn):
        response = client.get(f"{LIST}{hidden.pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Không có hoạt động đã công bố nào có mã này."}
    stats = client.get("/api/v1/stats/", {"q": "Ban nhap"}).json()
    assert stats["totals"]["activities"] == 0


def test_activity_fields_in_english_values_as_stored_no_staff_data(
    client, make_event, branches, province, staff
):
    event = make_event(
        title="Tuyên truyền phòng, chống ma túy",
        description="Cho công nhân KCN Yên Phong",
        province=province("24", "former"),
        place="KCN Quang Châu",
        partners=[branches["other"]],
        sessions=3,
        participants=450,
        figures_qualifier="more_than",
        start_date=datetime.date(2024, 5, 1),
        date_precision="month",
        created_by=staff["entry"],
        external_ref="bang-tinh-17",
    )
    row = client.get(f"{LIST}{event.pk}/").json()
    assert row["title"] == "Tuyên truyền phòng, chống ma túy"
    assert row["province"] == {"code": "24", "era": "former", "name": "Bắc Giang"}
    assert row["current_province"] == {"code": "24", "era": "current", "name": "Bắc Ninh"}
    assert row["partners"][0]["code"] == "cdca-dn"
    assert row["focus_areas"] == [
        {
            "code": "qc04-tuyen-truyen",
            "number": 5,
            "name": row["focus_areas"][0]["name"],
            "name_en": row["focus_areas"][0]["name_en"],
        }
    ]
    assert (row["start_date"], row["date_precision"]) == ("2024-05-01", "month")
    assert (row["sessions"], row["participants"], row["figures_qualifier"]) == (
        3,
        450,
        "more_than",
    )
    assert row["page_url"] == f"http://testserver/activities/{event.pk}/"
    assert row["api_url"] == f"http://testserver/api/v1/activities/{event.pk}/"
    text = str(row)
    for private in ("entry", "created_by", "status", "bang-tinh-17", "search_text", "version"):
        assert private not in text
    assert client.get(LIST).json()["results"][0] == row  # the list shows the same fields


def test_filters_are_the_lists(client, make_event, branches, province):
    former = make_event(title="Ở Bắc Giang cũ", province=province("24", "former"))
    current = make_event(title="Ở Bắc Ninh", province=province("24"), organiser=branches["sub"])
    elsewhere = make_event(
        title="Ở Đồng Nai", province=province("75"), start_date=datetime.date(2023, 1, 2)
    )
    in_bac_ninh = set(_ids(client.get(LIST, {"province": "24", "page_size": 100})))
    assert {former.pk, current.pk} <= in_bac_ninh and elsewhere.pk not in in_bac_ninh
    in_bac_giang = _ids(client.get(LIST, {"province": "former:24", "page_size": 100}))
    assert former.pk in in_bac_giang and current.pk not in in_bac_giang
    assert _ids(client.get(LIST, {"branch": "cdca-bn"})) == [current.pk]  # with sub-branches
    assert _ids(client.get(LIST, {"q": "o dong nai"})) == [elsewhere.pk]
    assert _ids(client.get(LIST, {"q": "o bac", "date_before": "31/12/2023"})) == []
    assert _ids(client.get(LIST, {"q": "o bac", "sort": "-date"})) == [current.pk, former.pk]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"province": "24"},
        {"province": "former:24"},
        {"province": "nationwide"},
        {"branch": "cdca-bn"},
        {"q": "bac ninh"},
        {"date_after": "01/01/2024", "sort": "-participants"},
        {"type": "tuyen-truyen", "sort": "sessions", "page": "2"},
    ],
)
def test_api_list_and_html_list_return_the_same_records(
    client, make_event, branches, province, query
):
    for day in range(1, 31):
        make_event(
            title=f"Hoạt động {day} ở Bắc Ninh" if day % 3 else f"Hoạt động {day}",
            province=province("24") if day % 3 else None,
            organiser=branches["own"] if day % 2 else branches["other"],
            participants=day * 7 % 11,
            sessions=day % 4,
            start_date=datetime.date(2023 + day % 2, 1 + day % 12, 1 + day % 28),
        )
    html = client.get(reverse("event-list"), query).context["page"].object_list
    assert _ids(client.get(LIST, query)) == [event.pk for event in html]


def test_pages_count_exactly_then_stop_at_the_cap(client, make_event, settings, monkeypatch):
    for _ in range(5):
        make_event(title="Trang thử")
    body = client.get(LIST, {"q": "trang thu", "page_size": 2, "page": 2}).json()
    assert (body["count"], body["count_exact"], body["page"], len(body["results"])) == (
        5,
        True,
        2,
        2,
    )
    assert "page=3" in body["next"] and "page=" not in body["previous"]
    assert client.get(LIST, {"q": "trang thu", "page_size": 2, "page": 3}).json()["next"] is None
    monkeypatch.setattr("coordination.paginators.CappedCountPaginator.cap", 3)
    capped = client.get(LIST, {"q": "trang thu", "page_size": 2}).json()
    assert (capped["count"], capped["count_exact"]) == (3, False)  # "more than 3"
    assert capped["next"] is not None


@pytest.mark.parametrize(
    "params, field",
    [
        ({"province": "99"}, "province"),
        ({"province": "former:99"}, "province"),
        ({"branch": "khong-ton-tai"}, "branch"),
        ({"focus_area": "999999999999999999999999"}, "focus_area"),
        ({"type": "'; DROP TABLE x; --"}, "type"),
        ({"date_after": "2024-02-30"}, "date_after"),
        ({"date_before": "9999-12-31"}, "date_before"),
        ({"date_after": "0001-01-01"}, "date_after"),
        ({"sort": "drop"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"q": " " * 300}, "q"),
        ({"q": "bao\x00ve"}, "q"),
        ({"page": "0"}, "page"),
        ({"page": "1" * 40}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "1.5164914344071544e-59"}, "page_size"),
    ],
)
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_bad_values_are_400_naming_the_field(client, make_event, params, field, format_):
    """A CSV is every matching row, whatever the page, yet a bad page or size is refused too."""
    make_event()
    response = client.get(LIST, {**params, "format": format_})
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field] and field in body["detail"]
    assert all(isinstance(message, str) and message for message in body["errors"][field])


def test_unknown_ids_and_addresses_are_json_404(client, make_event):
    make_event()
    for address in (
        f"{LIST}999999/",
        f"{LIST}{'9' * 40}/",
        f"{LIST}abc/",
        "/api/v1/agreements/999999/",
        "/api/v1/nothing-here/",
        "/api/v1/activities/%0A/",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/json" and response.json()["detail"]
    assert client.get(LIST, {"page": "5000"}).status_code == 404


def test_read_only(client, db):
    for method in (client.post, client.put, client.delete, client.options):
        response = method(LIST)
        assert response.status_code == 405 and "detail" in response.json()


def test_csv_is_the_sites_export_of_the_filtered_list(client, make_event, province):
    make_event(title="=HYPERLINK(1)", description="Xuất tệp", province=province("24"))
    make_event(title="Ở nơi khác", description="Xuất tệp")
    response = client.get(LIST, {"format": "csv", "province": "24", "q": "xuat tep"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.count("\n") == 2 and "'=HYPERLINK(1)" in text and "Ở nơi khác" not in text
    negotiated = client.get(LIST, HTTP_ACCEPT="text/csv")
    assert negotiated["Content-Type"].startswith("text/csv")
    b"".join(negotiated.streaming_content)  # read to the end: gives its slot back
    error = client.get(LIST, {"format": "csv", "province": "zz"})
    assert error.status_code == 400 and error["Content-Type"] == "application/json"


def test_provinces_current_and_former_with_successor(client, seeded):
    rows = client.get("/api/v1/provinces/").json()
    assert len(rows) == 34 + 63
    bac_giang = next(r for r in rows if r["era"] == "former" and r["code"] == "24")
    assert bac_giang["name"] == "Bắc Giang"
    assert bac_giang["successor"] == {"code": "24", "era": "current", "name": "Bắc Ninh"}
    current = client.get("/api/v1/provinces/", {"era": "current"}).json()
    assert len(current) == 34 and all(r["successor"] is None for r in current)
    assert client.get("/api/v1/provinces/", {"era": "past"}).status_code == 400


def test_branches_and_focus_areas(client, branches):
    rows = {row["code"]: row for row in client.get("/api/v1/branches/").json()}
    assert rows["cdcs-pc06-bn"]["parent"] == "cdca-bn"
    assert rows["cdca-bn"]["province"] == "24" and rows["cd-cand"]["parent"] is None
    assert "staff_assignments" not in str(rows)
    areas = client.get("/api/v1/focus-areas/").json()
    assert {"qc04-tuyen-truyen", "qc04-ma-tuy"} <= {area["code"] for area in areas}
    assert all("Danh sách làm việc lập từ các bài báo" in area["note"] for area in areas)


def test_agreement_with_signers_first(client, regulation):
    body = client.get(f"/api/v1/agreements/{regulation.pk}/").json()
    assert body["number"] == regulation.number and body["title"] == regulation.title
    if body["signatories"]:
        roles = [person["role"] for person in body["signatories"]]
        assert roles == sorted(roles, key=lambda role: role != "signed")
    other = Agreement.objects.exclude(pk=regulation.pk).first()
    assert client.get(f"/api/v1/agreements/{other.pk}/").json()["id"] == other.pk


def test_stats_are_the_dashboards(client, make_event, province, branches):
    make_event(province=province("24", "former"), sessions=2, participants=100)
    make_event(province=province("24"), sessions=1, participants=50, organiser=branches["own"])
    make_event(province=province("75"), participants=5, status="draft")
    queries = (
        {},
        {"province": "24"},
        {"q": "tuyen truyen"},
        {"branch": "cdca-bn"},
        {"branch": "cdca-bn", "type": "tuyen-truyen"},  # read from the cube
    )
    for query in queries:
        api = client.get("/api/v1/stats/", query).json()
        page = client.get(reverse("dashboard"), query).context
        assert api["too_broad"] is False
        shown = page["totals"]
        for name in ("sessions", "participants"):
            figure = shown.pop(name)
            shown |= {name: figure.value, f"{name}_qualifier": figure.qualifier}
        assert api["totals"] == shown, query
        # Counts as JSON integers ("3", never "3.0"), as the schema says.
        assert all(type(api["totals"][name]) is int for name in ("sessions", "participants"))
        expected = [(row["label"], row["activities"]) for row in page["breakdowns"]["provinces"]]
        assert [(row["label"], row["activities"]) for row in api["by_province"]] == expected
    recorded = client.get("/api/v1/stats/", {"province": "24", "count_by": "recorded"}).json()
    provinces = {row["params"]["province"] for row in recorded["by_province"]}
    # As recorded, the current unit's own records are "current:24" (a bare "24" would add its
    # former parts, so the row's list would not hold the row's count).
    assert {"current:24", "former:24"} <= provinces and "75" not in provinces
    quarters = client.get("/api/v1/stats/", {"unit": "quarter"}).json()["by_period"]
    assert "Quý 1/2024" in [row["label"] for row in quarters]
    assert client.get("/api/v1/stats/", {"unit": "week"}).status_code == 400


def test_stats_for_a_search_too_broad_says_so(client, make_event, monkeypatch):
    make_event()
    make_event()
    monkeypatch.setattr("coordination.views.reporting.SEARCH_CAP", 1)
    body = client.get("/api/v1/stats/", {"q": "tuyen"}).json()
    assert body["too_broad"] is True and body["totals"] is None and body["detail"]


def test_root_lists_the_endpoints(client, db):
    links = client.get("/api/v1/").json()
    assert links["activity-list"] == "http://testserver/api/v1/activities/"
    assert links["docs"].endswith("/api/v1/docs/")


def test_a_published_activity_counts_once(client, make_event):
    event = make_event()
    OutreachEvent.objects.filter(pk=event.pk).update(status="published")
    assert _ids(client.get(LIST)).count(event.pk) == 1


def test_a_page_costs_a_fixed_number_of_queries(
    client, make_event, branches, django_assert_max_num_queries
):
    for number in range(30):
        make_event(title=f"Hoạt động {number}", partners=[branches["other"]])
    client.get(LIST)  # reads the choice lists once for this content version
    with django_assert_max_num_queries(8):
        assert len(_ids(client.get(LIST, {"province": "24", "page_size": 100}))) >= 0
    with django_assert_max_num_queries(8):
        assert len(_ids(client.get(LIST, {"page_size": 30}))) == 30


def test_a_404_raised_before_the_api_views_is_json_too(rf, db):
    from django.http import Http404

    from coordination.api.errors import page_not_found

    api = page_not_found(rf.get("/api/v1/activities/%00/"), Http404())
    assert api.status_code == 404 and api["Content-Type"] == "application/json"
    site = page_not_found(rf.get("/activities/%00/"), Http404())
    assert site.status_code == 404 and site["Content-Type"].startswith("text/html")
