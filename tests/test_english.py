"""English pages read English where staff gave it, Vietnamese names otherwise; files follow."""

import csv
import html as markup
import io
import re

from django.urls import reverse

from coordination.models import (
    ActivityType,
    Agreement,
    FocusArea,
    KeyFigure,
    OutreachEvent,
    Signatory,
)

from .writes import save


def _text(response):
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


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


def test_english_agreement_page_names_people_awards_and_parties_in_english(client, seeded):
    earlier = Agreement.objects.get(code="qc-earlier")
    page = _text(_english(client).get(earlier.get_absolute_url()))
    assert "Senior Lieutenant General Tô Lâm" in page
    assert "Politburo member, Minister of Public Security" in page
    assert "Parties Ministry of Public Security – Vietnam General Confederation of Labour" in page
    assert "conferred by the Ministry of Public Security on 13 people: leaders and former" in page
    assert "Photo caption in the article: Minister Tô Lâm pins" in page
    # Names, titles and quotes are data: the article's sentences stay as written.
    assert "Bộ trưởng Tô Lâm gắn Kỷ niệm chương" in page
    for vietnamese in ("Thượng tướng", "Ủy viên", "Bộ trưởng Bộ Công an", "from Bộ Công an"):
        assert vietnamese not in page.replace("Bộ trưởng Tô Lâm gắn", ""), vietnamese
    home = _text(client.get(reverse("home")))
    assert "Parties: Ministry of Public Security – Vietnam General Confederation of Labour" in home
    assert "Key figures from the articles" in home


def test_without_english_fields_the_vietnamese_is_shown(client, seeded):
    person = Signatory.objects.get(name="Nguyễn Văn Sơn")
    person.rank_en = person.position_en = ""
    save(person)
    page = _text(_english(client).get(person.agreement.get_absolute_url()))
    assert "Trung tướng Nguyễn Văn Sơn Thứ trưởng Bộ Công an" in page


def test_issued_documents_say_issued_and_regulations_signed(client, seeded):
    resolution = Agreement.objects.get(code="nq-02-2021")
    page = _text(client.get(resolution.get_absolute_url()))
    assert "Ngày ban hành 12/06/2021 Cơ quan ban hành Bộ Chính trị" in page
    assert "Ngày ký" not in page and "Các bên" not in page
    english = _text(_english(client).get(resolution.get_absolute_url()))
    assert "Date issued 12/06/2021 Issued by Politburo" in english
    client.cookies["django_language"] = "vi"
    regulation = _text(client.get(Agreement.objects.get(code="qc-04-2023").get_absolute_url()))
    assert "Ngày ký 25/04/2023 Các bên Bộ Công an – Tổng Liên đoàn Lao động Việt Nam" in regulation


def test_award_line_and_photo_caption_are_two_statements(client, seeded):
    page = _text(client.get(Agreement.objects.get(code="qc-earlier").get_absolute_url()))
    assert (
        "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” – do Bộ Công an trao tặng 13 cá nhân là "
        "lãnh đạo, nguyên lãnh đạo Tổng LĐLĐ Việt Nam Nhân dịp này" in page
    )
    assert "Chú thích ảnh trong bài báo: Bộ trưởng Tô Lâm gắn Kỷ niệm chương" in page
    assert "trong đó có" not in page


def test_footer_names_the_partners_of_the_police_trade_union(client, seeded):
    page = _text(client.get(reverse("home")))
    assert (
        "giữa Công đoàn Công an nhân dân với Liên đoàn Lao động các tỉnh, thành phố và công "
        "đoàn ngành Trung ương theo các quy chế phối hợp" in page
    )


def test_the_api_gives_both_languages_whatever_the_page_language(client, seeded):
    earlier = Agreement.objects.get(code="qc-earlier")
    body = _english(client).get(f"/api/v1/agreements/{earlier.pk}/").json()
    assert body["parties"] == ["Bộ Công an", "Tổng Liên đoàn Lao động Việt Nam"]
    assert body["parties_en"][0] == "Ministry of Public Security"
    signer = body["signatories"][0]
    assert (signer["rank"], signer["rank_en"]) == ("Thượng tướng", "Senior Lieutenant General")
    assert body["awards"][0]["caption_excerpt"].startswith("Bộ trưởng Tô Lâm gắn")
