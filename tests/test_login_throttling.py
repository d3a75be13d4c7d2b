"""No password guessing: django-axes refuses sign-in after repeated failures."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

LOGIN = reverse("admin:login")
REFUSED = "tạm thời bị từ chối"


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user("clerk", password="right-pw", is_staff=True)


def _login(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def _signed_in(response):
    return response.status_code == 302 and response.url == "/admin/"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, clerk):
    for _ in range(4):
        assert _login(client, "clerk", "wrong").status_code == 200
    fifth = _login(client, "clerk", "wrong")
    assert fifth.status_code == 429
    refused = _login(client, "clerk", "right-pw")
    assert refused.status_code == 429
    assert REFUSED in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address does not help: the account itself is locked.
    assert _login(client, "clerk", "right-pw", address="10.9.9.9").status_code == 429


def test_a_success_resets_the_accounts_count(client, clerk):
    for _ in range(4):
        _login(client, "clerk", "wrong")
    assert _signed_in(_login(client, "clerk", "right-pw"))
    client.logout()
    for _ in range(4):
        assert _login(client, "clerk", "wrong").status_code == 200
    assert _signed_in(_login(client, "clerk", "right-pw"))


def test_twenty_failures_from_one_address_lock_that_address(client, clerk):
    for number in range(20):
        _login(client, f"guess{number}", "wrong", address="10.0.0.7")
    assert _login(client, "clerk", "right-pw", address="10.0.0.7").status_code == 429
    assert _signed_in(_login(client, "clerk", "right-pw", address="10.0.0.8"))


def test_unlock_command_lets_the_account_in_again(client, clerk):
    for _ in range(5):
        _login(client, "clerk", "wrong")
    assert _login(client, "clerk", "right-pw").status_code == 429
    call_command("axes_reset_username", "clerk")
    assert _signed_in(_login(client, "clerk", "right-pw"))


def test_forwarded_header_is_ignored_unless_configured(client, clerk, settings):
    for number in range(5):
        _login(client, "clerk", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


def test_configured_proxy_header_gives_the_client_address(client, clerk, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for number in range(20):
        _login(client, f"guess{number}", "wrong", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    # The proxy's own address is shared by everyone: only the real client is locked out.
    assert (
        _login(client, "clerk", "right-pw", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    ).status_code == 429
    assert _signed_in(
        _login(client, "clerk", "right-pw", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.6")
    )
