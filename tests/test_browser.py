"""Real Chromium against a live server."""

import pytest

pytestmark = pytest.mark.browser


def test_home_and_admin_login_open_in_a_real_browser(live_server, page, seeded):
    page.goto(live_server.url + "/")
    assert "Quy chế phối hợp" in page.locator("h1 + p").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng nhập cho cán bộ").click()
    page.wait_for_url("**/admin/login/**")
    assert page.locator("input[name=username]").is_visible()
    assert "Đăng nhập" in page.content()
