"""The add-user form reads Vietnamese: every label, choice and help text."""

import html
import re

from django.urls import reverse


def _form_text(client):
    page = client.get(reverse("admin:auth_user_add")).content.decode()
    start = page.index('id="user_form"')
    form = page[start : page.index("</form>", start)]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", form)).split())


def test_a_central_administrator_adds_a_user_in_vietnamese(client, staff):
    client.force_login(staff["central"])
    text = _form_text(client)
    for english in ("After you", "Password-based", "Enabled", "Disabled", "Whether the user"):
        assert english not in text, english
    assert "Sau khi tạo người dùng" in text
    assert "Đăng nhập bằng mật khẩu: Bật Tắt Người dùng có được đăng nhập bằng mật khẩu" in text
    assert "Vai trò:" in text and "vai trò:" not in text


def test_a_superuser_adds_a_user_in_vietnamese(client, django_user_model, seeded):
    client.force_login(django_user_model.objects.create_superuser("boss", password="x"))
    text = _form_text(client)
    for english in ("After you", "Password-based", "Enabled", "Disabled", "Whether the user"):
        assert english not in text, english
