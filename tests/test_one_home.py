"""Rules written once: the list, the API and the admin answer alike because they ask one place."""

import pytest
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination import services
from coordination.models import FocusArea, OutreachEvent
from coordination.paginators import CappedCountPaginator
from coordination.templatetags.review import review_counts

from .helpers import event_admin_url, event_form_data
from .writes import save

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/activities/"


def test_the_deepest_page_is_the_same_for_the_list_the_api_and_its_schema(client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 0)  # a capped list: no real last page
    pages = CappedCountPaginator(OutreachEvent.objects.order_by("pk"), 25)
    assert pages.validate_number(100_000) == 100_000
    with pytest.raises(EmptyPage):
        pages.validate_number(100_001)
    assert client.get(API_LIST, {"page": "100001"}).status_code == 400
    refused = client.get(API_LIST, {"page": "100001"}).json()["errors"]["page"][0]
    assert "100000" in refused
    assert client.get(API_LIST, {"page": "100000"}).status_code in (200, 404)
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    page = next(
        p
        for p in schema["paths"]["/api/v1/activities/"]["get"]["parameters"]
        if p["name"] == "page"
    )
    assert "100,000" in page["description"]


@pytest.mark.parametrize(
    "day, taken",
    [
        ("1899-12-31", False),
        ("1900-01-01", True),
        ("2150-06-01", True),
        ("2199-12-31", True),
        ("2200-01-01", False),
    ],
)
def test_a_date_is_taken_or_refused_alike_by_the_list_and_the_api(client, day, taken):
    for name in ("date_after", "date_before"):
        page = client.get(reverse("event-list"), {name: day})
        assert page.status_code == 200
        page_error = page.context["filter"].errors.get(name)
        api = client.get(API_LIST, {name: day})
        if taken:
            assert not page_error
            assert api.status_code == 200
        else:
            assert "01/01/1900" in page_error[0] and "31/12/2199" in page_error[0]
            assert api.status_code == 400
            assert api.json()["errors"][name] == page_error


def test_the_api_schema_gives_the_dates_the_list_takes(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for param in schema["paths"]["/api/v1/activities/"]["get"]["parameters"]:
        if param["name"] in ("date_after", "date_before"):
            assert "from 1900-01-01 to 2199-12-31" in param["description"]


def test_the_review_queue_line_shows_for_exactly_those_who_may_publish(staff, make_event, branches):
    make_event(title="Chờ duyệt", organiser=branches["own"], status="submitted")
    shown = {name: review_counts(user)["reviewer"] for name, user in staff.items()}
    assert shown == {"entry": False, "reviewer": True, "central": True}
    assert review_counts(staff["reviewer"])["queue"] == 1
    # A deactivated reviewer keeps the permission but may publish nothing: no queue line.
    staff["reviewer"].is_active = False
    assert review_counts(staff["reviewer"]) == {"queue": 0, "mine": 0, "reviewer": False}


def _change_form(client, event):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:coordination_outreachevent_change", args=[event.pk]))
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields["focus_areas"].queryset
    return {area.code for area in choices}, queries


def test_the_change_form_offers_areas_in_use_and_its_own_retired_one(client, staff, make_event):
    retired = FocusArea.objects.get(code="qc04-nuoc-ngoai")
    other = FocusArea.objects.get(code="qc04-toi-pham")
    own = make_event(title="Lao động ở nước ngoài", focus_areas=[retired])
    make_event(title="Khác", focus_areas=[retired, other])
    retired.is_active = False
    save(retired)
    client.force_login(staff["central"])
    in_use = set(FocusArea.objects.filter(is_active=True).values_list("code", flat=True))
    offered, _queries = _change_form(client, own)
    assert offered == in_use | {"qc04-nuoc-ngoai"}
    elsewhere = make_event(title="Không có lĩnh vực đã thôi", focus_areas=[other])
    offered, _queries = _change_form(client, elsewhere)
    assert offered == in_use


def test_opening_the_change_form_reads_the_same_whatever_the_number_of_activities(
    client, staff, make_event
):
    client.force_login(staff["central"])
    area = FocusArea.objects.get(code="qc04-toi-pham")
    first = make_event(title="Hoạt động 0", focus_areas=[area])
    _offered, few = _change_form(client, first)
    for number in range(1, 50):
        make_event(title=f"Hoạt động {number}", focus_areas=[area])
    _offered, many = _change_form(client, first)
    assert len(many) == len(few)
    # The choices are read without a join over every activity's links.
    areas = [q["sql"] for q in many if 'FROM "coordination_focusarea"' in q["sql"]]
    assert areas and not any("DISTINCT" in sql for sql in areas)


def test_a_return_without_a_reason_is_refused_alike_by_the_form_and_the_service(
    client, staff, make_event, branches
):
    event = make_event(title="Chờ duyệt", organiser=branches["own"], status="submitted")
    reviewer = staff["reviewer"]
    client.force_login(reviewer)
    data = {**event_form_data(event), "_return": "1", "review_comment": "   "}
    refused = client.post(event_admin_url("change", event.pk), data)
    assert refused.status_code == 200
    shown = refused.context["adminform"].form.errors["review_comment"]
    assert shown == ["Hãy ghi lý do trả lại để cán bộ biết cần sửa gì."]
    with pytest.raises(ValidationError) as raised:
        services.move(event, "returned", reviewer, "   ")
    assert raised.value.messages == shown
    assert OutreachEvent.objects.get(pk=event.pk).status == "submitted"


def _matched_branches(client, query):
    found = set()

    def walk(nodes):
        for node in nodes:
            if node.get("matched"):
                found.add(node["branch"].code)
            walk(node["children"])

    walk(client.get(reverse("branch-list"), {"q": query}).context["tree"])
    return found


def test_a_word_finds_the_same_on_the_list_the_dashboard_and_the_branch_tree(
    client, make_event, branches
):
    make_event(title="Tuyên truyền pháp luật", organiser=branches["other"])
    make_event(title="Gặp gỡ chị Uyên", organiser=branches["other"])
    # "uyen" is inside "Tuyên" but starts only "Uyên".
    for query, found in (("uyen", 1), ("chi uyen", 1)):
        listed = client.get(reverse("event-list"), {"q": query}).context["page"].paginator.count
        dashboard = client.get(reverse("dashboard"), {"q": query}).context["totals"]
        assert listed == dashboard["activities"] == found, query
    # Nor does the tree find a branch by the inside of a word ("inh" of "Ninh").
    assert _matched_branches(client, "inh") == set()
    assert _matched_branches(client, "ninh") == {"cdca-bn", "cdcs-pc06-bn"}
    assert _matched_branches(client, "cong an dong nai") == {"cdca-dn"}
