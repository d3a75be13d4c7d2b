"""Messages worded for the reader where Django's generic wording says too little."""

import html as markup

from django.urls import reverse


def test_a_former_province_code_alone_is_explained(client, seeded):
    response = client.get(reverse("event-list"), {"province": "27"})
    assert response.status_code == 200
    text = markup.unescape(response.content.decode())
    assert "27 là mã tỉnh cũ (Bắc Ninh): chọn Bắc Ninh (24) hoặc Bắc Ninh (cũ)." in text
    assert "lựa chọn khả thi" not in text


def test_an_unknown_province_code_keeps_the_general_message(client, seeded):
    text = markup.unescape(client.get(reverse("event-list"), {"province": "99"}).content.decode())
    assert "mã tỉnh cũ" not in text and "Tỉnh" in text
