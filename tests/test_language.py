"""Vietnamese unless the visitor chooses English, whatever language the browser asks for."""

import pytest
from django.urls import reverse

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def _choose(client, language):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "page, vietnamese, english",
    [
        ("home", '<html lang="vi">', '<html lang="en">'),
        ("admin:login", "Tên đăng nhập", "Username"),
    ],
)
def test_an_english_browser_gets_vietnamese_until_english_is_chosen(
    client, seeded, page, vietnamese, english
):
    url = reverse(page)
    first = client.get(url, **ENGLISH_BROWSER)
    assert vietnamese in first.content.decode() and first["Content-Language"] == "vi"

    _choose(client, "en")
    chosen = client.get(url, **ENGLISH_BROWSER)
    assert english in chosen.content.decode() and chosen["Content-Language"] == "en"

    _choose(client, "vi")
    back = client.get(url, **ENGLISH_BROWSER)
    assert vietnamese in back.content.decode()


def test_the_choice_is_remembered_without_the_browser_asking(client, seeded):
    _choose(client, "en")
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_a_language_the_site_does_not_have_falls_back_to_vietnamese(client, seeded):
    client.cookies["django_language"] = "fr"
    assert client.get(reverse("home"), **ENGLISH_BROWSER)["Content-Language"] == "vi"


def test_api_clients_choose_with_accept_language(client, seeded):
    response = client.get("/api/v1/activities/", **ENGLISH_BROWSER)
    assert response["Content-Language"] == "en"
    assert client.get("/api/v1/activities/")["Content-Language"] == "vi"
