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
    assert response.context["totals"]["activities"] == 19  # the seeded, published ones
    assert str(response.context["totals"]["sessions"]) == "hơn 2.000"
    # Ten Tết provinces, counted as current units: former Bắc Ninh and Bắc Giang are one.
    assert response.context["totals"]["provinces"] == 9
