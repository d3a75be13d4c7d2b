"""Every seeded fact, read back from the public pages, rests on a sentence of its article.

For each seeded record the test opens the page that shows it, checks the page states the fact,
and checks the sentence it cites is in the article word for word and carries the same fact
(the same number with its "gần" / "hơn", the same name, the same date).
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from coordination.models import (
    Agreement,
    Award,
    FocusArea,
    KeyFigure,
    OutreachEvent,
    Signatory,
    UnionBranch,
)
from coordination.seeding import SEEDS_DIR

QUOTES = str.maketrans({"“": '"', "”": '"', "–": "-"})


def _plain(text):
    return " ".join(str(text).translate(QUOTES).split())


@pytest.fixture
def article(seeded):
    def read(source):
        return _plain((SEEDS_DIR / "sources" / source.file_name).read_text())

    return read


@pytest.fixture
def page(client):
    cache = {}

    def get(url):
        if url not in cache:
            response = client.get(url)
            assert response.status_code == 200, url
            cache[url] = _plain(response.content.decode())
        return cache[url]

    return get


def _cited(record, article):
    """The quote, checked word for word; one of several sentences joined by " […] " (in the
    article's order) is checked on its own."""
    excerpt = _plain(record.source_excerpt)
    text, at = article(record.source), 0
    for part in excerpt.split(" […] "):
        assert part and part in text[at:], f"{record}: {part!r}"
        at = text.index(part, at) + len(part)
    return excerpt


def _grouped(number):
    return f"{number:,}".replace(",", ".")


def _dates(day):
    """25/04/2023 as the pages write it; 25/4/2023 or 25/04/2023 as articles do."""
    return day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day.year}"


def test_agreements(seeded, article, page):
    for agreement in Agreement.objects.all():
        excerpt = _cited(agreement, article)
        html = page(agreement.get_absolute_url())
        assert _plain(agreement.title) in html
        if agreement.number:
            printed = {"02-NQ/TW": "02/NQ-TW"}.get(agreement.number, agreement.number)
            assert agreement.number in html and printed in excerpt, agreement
        if agreement.signed_on:
            shown, written = _dates(agreement.signed_on)
            assert shown in html and (shown in excerpt or written in excerpt), agreement
        for party in agreement.party_list():
            assert party in html
        if agreement.summary:
            assert _plain(agreement.summary) in html and _plain(agreement.summary) in article(
                agreement.source
            ).replace("Tổng LĐLĐ Việt Nam.", "Tổng LĐLĐ Việt Nam.")
        if agreement.stated_focus_area_count:
            fact = f"{agreement.stated_focus_area_count} lĩnh vực trọng tâm"
            assert fact in html and fact in article(agreement.source)
        if agreement.supersedes_note:
            assert _plain(agreement.supersedes_note) in html
            assert "thay thế các văn bản đã ký kết trước đây" in article(agreement.source)
            assert "trên từng lĩnh vực cụ thể" in article(agreement.source)
        if agreement.editor_note:
            assert _plain(agreement.editor_note) in html and "Ghi chú của biên tập" in html
        assert "Còn hiệu lực" not in html  # no source states a status


def test_signers_and_attendees(seeded, article, page):
    for person in Signatory.objects.select_related("agreement", "source"):
        _cited(person, article)
        text = article(person.source)
        html = page(person.agreement.get_absolute_url())
        assert person.name in html and _plain(person.position) in html
        assert person.name in text and _plain(person.position) in text, person
        if person.rank:
            assert f"{person.rank} {person.name}" in text and f"{person.rank} {person.name}" in html
        verb = "ký kết" if person.role == "signed" else "Tham dự"
        assert verb in text
    html = page(Agreement.objects.get(code="qc-earlier").get_absolute_url())
    last_signer = max(html.index(p.name) for p in Signatory.objects.filter(role="signed"))
    first_attendee = min(html.index(p.name) for p in Signatory.objects.filter(role="attended"))
    assert last_signer < first_attendee


def test_awards(seeded, article, page):
    for award in Award.objects.select_related("agreement", "source"):
        excerpt = _cited(award, article)
        html = page(award.agreement.get_absolute_url())
        medal = _plain(award.medal)
        assert medal in html and medal.split(" ", 2)[-1] in excerpt
        assert f"{award.recipient_count} cá nhân" in excerpt
        # The page says it as the article does: "trao tặng 13 cá nhân là lãnh đạo, …".
        assert (
            f"trao tặng {award.recipient_count} cá nhân là {_plain(award.recipient_group)}" in html
        )
        if award.caption_excerpt:  # a photo caption: its own line, its own quote
            caption = _plain(award.caption_excerpt)
            assert caption in article(award.source) and caption in unescape(html)


def test_key_figures_keep_their_nearly_and_more_than(seeded, article, page):
    html = page(reverse("home"))
    words = {"nearly": "gần", "more_than": "hơn"}
    for figure in KeyFigure.objects.all():
        excerpt = _cited(figure, article).lower()
        if figure.value is None:
            assert figure.value_text in html and figure.value_text in excerpt
            continue
        stated = " ".join(filter(None, [words.get(figure.qualifier), _grouped(figure.value)]))
        assert f"{stated} {figure.label}" in html or stated in html, figure
        assert stated.lower() in excerpt, figure
    assert "khoảng 25.000" not in html


def test_focus_areas_quote_the_articles_and_carry_the_statement(seeded, article, page):
    html = page(reverse("home"))
    assert "Danh sách làm việc lập từ các bài báo" in html
    for area in FocusArea.objects.all():
        _cited(area, article)
        assert _plain(area.name) in html


def test_activities(seeded, article, page):
    spelled = {"Bà Rịa - Vũng Tàu": "Bà Rịa Vũng Tàu", "Thừa Thiên Huế": "Huế"}
    for event in OutreachEvent.objects.filter(external_ref__startswith="seed-"):
        excerpt = _cited(event, article)
        html = page(event.get_absolute_url())
        assert _plain(event.title) in html
        assert "Nguồn không nêu" in html  # which regulation: not stated
        if event.sessions:
            assert f"hơn {_grouped(event.sessions)}" in html
            assert f"hơn {_grouped(event.sessions)}" in excerpt
        if event.province:
            name = event.province.name
            assert name in html and spelled.get(name, name) in excerpt
        if event.organiser_note:
            assert event.organiser_note in html and event.organiser_note in excerpt
        if event.partner_note:
            # "LĐLĐ tỉnh, thành phố và CĐ ngành Trung ương": every partner named is quoted.
            assert f"Phối hợp với</dt> <dd>{_plain(event.partner_note)}</dd>" in html
            for partner in _plain(event.partner_note).split(" và "):
                assert partner in excerpt, (event, partner)
        assert "chưa rõ" in html  # participants: no article gives them


def test_the_union_and_its_nearly_25000_members(seeded, article, page):
    union = UnionBranch.objects.get(code="cd-cand")
    excerpt = _cited(union, article)
    html = page(union.get_absolute_url())
    assert "gần 25.000" in html and "gần 25.000" in excerpt
    # Each fact of its description is in the quote: what the union is, and its congress.
    assert _plain(union.description) in html
    assert "trong lực lượng vũ trang" in union.description
    assert "trong lực lượng vũ trang" in excerpt
    assert "Đại hội Công đoàn CAND lần thứ VI (nhiệm kỳ 2023 - 2028)" in union.description
    assert "Đại hội Công đoàn CAND lần thứ VI (nhiệm kỳ 2023 - 2028)" in excerpt
    assert "Thứ trưởng Trần Quốc Tỏ" in union.description and "Trần Quốc Tỏ" in excerpt


def test_home_and_dashboard_totals_keep_more_than_and_unknown(seeded, page):
    for url in (reverse("home"), reverse("dashboard")):
        html = page(url)
        assert re.search(r"Số buổi</dt><dd>hơn 2\.000", html), url
        assert re.search(r"Lượt người tham dự</dt><dd><span class=\"muted\">chưa rõ", html), url
