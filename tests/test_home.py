from django.urls import reverse


def test_home_shows_the_regulation_its_areas_parties_and_totals(client, seeded, make_event):
    make_event(sessions=3, participants=120, title="Buổi tuyên truyền ở KCN Quế Võ")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quy chế phối hợp giữa Bộ Công an và Tổng Liên đoàn Lao động Việt Nam" in html
    assert "25/04/2023" in html
    assert "Bộ Công an – Tổng Liên đoàn Lao động Việt Nam" in html
    assert html.count("<li>") >= 7
    assert "Đấu tranh phòng, chống tội phạm" in html
    assert "Buổi tuyên truyền ở KCN Quế Võ" in html
    assert 'lang="vi"' in html
    assert reverse("admin:index") in html


def test_home_totals_count_only_published_activities(client, make_event):
    make_event(status="draft", title="Bản nháp bí mật", sessions=999)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Bản nháp bí mật" not in html
    # The seeded, published ones: the yearly Tết programme is one of them, not one per place
    # its article lists (the article gives no count of visits).
    assert response.context["totals"]["activities"] == 10
    assert str(response.context["totals"]["sessions"]) == "hơn 2.000"
    # No seeded activity has a province: the Tết programme's places are a non-exhaustive list.
    assert response.context["totals"]["provinces"] == 0


def test_latest_activities_are_dated_newest_first_then_undated(client, seeded, make_event):
    import datetime

    make_event(title="Mới nhất", start_date=datetime.date(2025, 3, 2))
    make_event(title="Cũ hơn", start_date=datetime.date(2024, 1, 15))
    html = client.get(reverse("home")).content.decode()
    latest = html.split('id="latest-heading"')[1]
    newest, older = latest.index("Mới nhất"), latest.index("Cũ hơn")
    undated = latest.index("không nêu ngày")
    assert newest < older < undated


def test_the_note_under_the_totals_says_how_every_qualifier_is_read(client, seeded):
    """ "khoảng" and "ít nhất khoảng" appear in sums: the note says when (a reader's review)."""
    for url in (reverse("home"), reverse("dashboard")):
        page = client.get(url).content.decode()
        assert "ghi “khoảng” khi cộng cả số “hơn” và số “gần”" in page, url


def test_each_key_figure_shows_the_sentence_it_comes_from(client, seeded):
    """A reader found "gần 25.000" on the home page with no sentence to check it by."""
    from coordination.models import KeyFigure

    html = client.get(reverse("home")).content.decode()
    section = html.split('id="figures-heading"')[1].split("</section>")[0]
    for figure in KeyFigure.objects.exclude(source_excerpt=""):
        assert figure.source_excerpt in section, figure.label
    assert "Với gần 25.000 đoàn viên" in section
