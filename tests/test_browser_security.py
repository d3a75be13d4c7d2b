"""Under the Content-Security-Policy, in real Chromium: the staff flows work and nothing on
the pages is refused (an inline script or style would be, and Chromium would say so)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .helpers import PASSWORD, log_in, pick_autocomplete

pytestmark = pytest.mark.browser


@pytest.fixture
def violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_staff_pages_password_change_and_logout_work_under_the_policy(
    live_server, page, roles, staff, violations
):
    clerk = staff["entry"]
    add_url = "/admin/coordination/outreachevent/add/"
    log_in(page, live_server, clerk, next_url=add_url)
    pick_autocomplete(page, "id_organiser", "Công an tỉnh Bắc", "Công đoàn Công an tỉnh Bắc Ninh")
    page.goto(f"{live_server.url}/admin/coordination/outreachevent/")
    page.goto(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/password_change/")
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill("Mat-khau-moi-rat-dai-2026")
    page.locator("#id_new_password2").fill("Mat-khau-moi-rat-dai-2026")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/admin/password_change/done/")
    clerk.refresh_from_db()
    assert clerk.check_password("Mat-khau-moi-rat-dai-2026")

    page.locator("#logout-form button").click()
    expect(page).to_have_url(f"{live_server.url}/admin/logout/")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/login/?next=/admin/")
    assert violations == []


def test_public_pages_and_the_print_button_work_under_the_policy(
    live_server, page, seeded, violations
):
    for path in ["/", "/activities/", "/dashboard/", "/branches/", "/provinces/"]:
        response = page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(f"{live_server.url}/reports/?period=year&year=2024&format=print")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.locator("[data-print]").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    assert violations == []
    # The control: an inline style is refused, and the listener hears it.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert any("inline style" in text for text in violations)


def test_superuser_user_screens_work_under_the_policy(live_server, page, roles, violations):
    boss = get_user_model().objects.create_superuser("boss", password="x")
    log_in(page, live_server, boss, next_url="/admin/auth/user/")
    page.goto(f"{live_server.url}/admin/auth/user/{boss.pk}/change/")
    expect(page.locator("#id_is_superuser")).to_be_visible()
    assert violations == []
