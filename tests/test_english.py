"""English pages read English where staff gave it, Vietnamese names otherwise; files follow."""

import csv
import html as markup
import io

from django.urls import reverse

from coordination.models import ActivityType, Agreement, FocusArea, KeyFigure, OutreachEvent


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_english_pages_show_the_english_names_of_reference_data(client, seeded):
    html = markup.unescape(_english(client).get(reverse("home")).content.decode())
    for area in FocusArea.objects.active():
        assert area.name_en in html and area.name not in html
    assert "nearly 25,000" in html
    assert KeyFigure.objects.get(code="cand-members").label_en in html
    assert "Working list drawn up from press articles" in html
    earlier = Agreement.objects.get(code="qc-earlier")
    page = markup.unescape(client.get(earlier.get_absolute_url()).content.decode())
    assert earlier.title_en in page and "Editor's note" in page
    assert earlier.editor_note_en.split(".")[0] in page
    event = OutreachEvent.objects.get(external_ref="seed-tuyen-truyen-kcn")
    detail = client.get(event.get_absolute_url()).content.decode()
    assert event.activity_type.name_en in detail and "more than 2,000" in detail


def test_without_an_english_name_the_vietnamese_one_is_shown(client, seeded):
    ActivityType.objects.filter(code="khac").update(name_en="")
    form = _english(client).get(reverse("event-list")).context["filter"].form
    labels = [str(label) for _value, label in form.fields["type"].choices]
    assert "Khác" in labels and "Legal awareness and dissemination" in labels


def test_exports_follow_the_page_language(client, seeded):
    vietnamese = client.get(reverse("event-export-csv")).getvalue().decode("utf-8-sig")
    english = _english(client).get(reverse("event-export-csv")).getvalue().decode("utf-8-sig")
    vi_header, en_header = (
        next(csv.reader(io.StringIO(vietnamese))),
        next(csv.reader(io.StringIO(english))),
    )
    assert "Tiêu đề" in vi_header and "Title" in en_header
    assert any("Danh sách làm việc lập từ các bài báo" in h for h in vi_header)
    assert any("Working list drawn up from press articles" in h for h in en_header)
    assert "unknown" in english and "chưa rõ" in vietnamese
