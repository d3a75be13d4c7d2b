"""A test run leaves the working tree as it found it: the README's screenshots in docs/ are
rewritten only when asked, with SCREENSHOTS=1."""

from pathlib import Path

from . import helpers

TESTS = Path(__file__).resolve().parent


class _Page:
    def screenshot(self, path, full_page):
        self.path = Path(path)


def test_screenshots_stay_out_of_docs_unless_asked(monkeypatch):
    monkeypatch.delenv("SCREENSHOTS", raising=False)
    page = _Page()
    helpers.screenshot(page, "home.png")
    assert page.path.parent == TESTS.parent / "var" / "screenshots"
    monkeypatch.setenv("SCREENSHOTS", "1")
    helpers.screenshot(page, "home.png")
    assert page.path == TESTS.parent / "docs" / "home.png"


def test_every_browser_test_takes_its_screenshots_through_the_helper():
    writers = [
        path.name
        for path in TESTS.glob("test_*.py")
        if ".screenshot(path=" in path.read_text() and path.name != Path(__file__).name
    ]
    assert writers == []
