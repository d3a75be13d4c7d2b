"""The working list of focus areas: renamed, reordered, added or retired without breaking
links, filters or records, because everything names an area by its code."""

from django.urls import reverse

from coordination.models import Agreement, FocusArea

from .writes import save


def _choices(client):
    form = client.get(reverse("event-list")).context["filter"].form
    return [(value, str(label)) for value, label in form.fields["focus_area"].widget.choices]


def test_rename_and_reorder_keep_links_and_filters(client, make_event):
    def listed(value):
        page = client.get(reverse("event-list"), {"focus_area": value}).context["page"]
        return {e.pk for e in page}

    area = FocusArea.objects.get(code="qc04-toi-pham")
    event = make_event(title="Chống tội phạm", focus_areas=[area])
    before = listed("qc04-toi-pham")
    area.name, area.number = "Phòng, chống tội phạm (tên mới)", 99
    save(area)
    assert event.pk in before and listed("qc04-toi-pham") == before
    assert listed("Phòng, chống tội phạm (tên mới)") == before
    assert _choices(client)[-1] == ("qc04-toi-pham", "Phòng, chống tội phạm (tên mới)")


def test_a_retired_area_stays_on_its_records_and_leaves_the_choice_lists(client, make_event):
    area = FocusArea.objects.get(code="qc04-nuoc-ngoai")
    event = make_event(title="Lao động ở nước ngoài", focus_areas=[area])
    area.is_active = False
    save(area)
    assert "qc04-nuoc-ngoai" not in [value for value, _label in _choices(client)]
    assert area.name in client.get(event.get_absolute_url()).content.decode()
    old_link = client.get(reverse("event-list"), {"focus_area": "qc04-nuoc-ngoai"})
    assert event.pk in [e.pk for e in old_link.context["page"]]
    home = client.get(reverse("home")).content.decode()
    assert area.name not in home


def test_an_added_area_is_offered_and_counted(client, make_event):
    new = FocusArea(code="an-ninh-mang", number=8, name="An ninh mạng", name_en="Cyber security")
    save(new)
    make_event(title="Tuyên truyền an ninh mạng", focus_areas=[new])
    assert ("an-ninh-mang", "An ninh mạng") in _choices(client)
    rows = client.get(reverse("dashboard")).context["breakdowns"]["focus_areas"]
    assert {row["params"]["focus_area"]: row["activities"] for row in rows}["an-ninh-mang"] == 1


def test_the_regulation_page_counts_only_activities_logged_under_it(client, make_event, regulation):
    area = FocusArea.objects.get(code="qc04-tuyen-truyen")
    make_event(title="Ghi nhận theo Quy chế 04", focus_areas=[area])
    make_event(title="Không nêu quy chế (trước năm 2023)", agreement=None, focus_areas=[area])
    make_event(
        title="Theo quy chế trước",
        agreement=Agreement.objects.get(code="qc-earlier"),
        focus_areas=[area],
    )
    rows = dict(client.get(regulation.get_absolute_url()).context["focus_areas"])
    assert rows[area] == 1
    html = client.get(regulation.get_absolute_url()).content.decode()
    assert "Hoạt động đã công bố ghi nhận theo quy chế này" in html
