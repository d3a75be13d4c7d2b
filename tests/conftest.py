import datetime
import os
import shutil

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from coordination import changes, refdata
from coordination.models import (
    ActivityType,
    Agreement,
    FocusArea,
    OutreachEvent,
    Province,
    StaffAssignment,
    UnionBranch,
)
from coordination.roles import CENTRAL, ENTRY, REVIEWER, group_for, sync_roles
from coordination.seeding import Loader

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# A write that bypasses the unit of work (coordination/changes.py) fails the test making it.
changes.install_tripwire()


@pytest.fixture(autouse=True)
def _reference_data_read_afresh():
    """Each test rolls the content version back with the database: kept choice lists from
    another test could carry the same version."""
    refdata.forget()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Serve static files from the app folders: tests do not run collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Each test rolls the database back, and with it the page cache's version: off here,
    # on in test_pagecache.py.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _import_errors_in_tmp(settings, tmp_path):
    """An import's error files and locks go to the test's own folder, not the worktree's var/."""
    settings.IMPORT_ERRORS_DIR = str(tmp_path / "import-errors")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seeds once; each test's transaction rolls back to this state."""
    with django_db_blocker.unblock():
        Loader().run()


@pytest.fixture
def seeded(db):
    """The real seed data: provinces, the 2023 regulation and the articles' facts."""
    if not Province.objects.exists():  # a live-server test has flushed the database
        Loader().run()


@pytest.fixture
def province(seeded):
    """Look up a province by code and era: province("24") is current Bắc Ninh."""

    def get(code, era="current"):
        return Province.objects.get(code=code, era=era)

    return get


@pytest.fixture
def regulation(seeded):
    return Agreement.objects.get(code="qc-04-2023")


@pytest.fixture
def branches(seeded):
    """A branch with a sub-branch, and an unrelated branch."""
    root = UnionBranch.objects.get(code="cd-cand")
    with changes.recorded():
        return _make_branches(root)


def _make_branches(root):
    own = UnionBranch.objects.create(
        code="cdca-bn",
        name="Công đoàn Công an tỉnh Bắc Ninh",
        kind="police",
        level=2,
        parent=root,
        province=Province.objects.get(code="24", era="current"),
    )
    sub = UnionBranch.objects.create(
        code="cdcs-pc06-bn",
        name="Công đoàn cơ sở Phòng PC06 Bắc Ninh",
        kind="police",
        level=3,
        parent=own,
    )
    other = UnionBranch.objects.create(
        code="cdca-dn",
        name="Công đoàn Công an tỉnh Đồng Nai",
        kind="police",
        level=2,
        parent=root,
        province=Province.objects.get(code="75", era="current"),
    )
    return {"root": root, "own": own, "sub": sub, "other": other}


@pytest.fixture
def make_event(seeded):
    """Create an activity; published under the 2023 regulation unless told otherwise."""
    agreement = Agreement.objects.get(code="qc-04-2023")
    default_type = ActivityType.objects.get(code="tuyen-truyen")
    default_area = FocusArea.objects.get(code="qc04-tuyen-truyen")

    def make(focus_areas=None, partners=(), **fields):
        values = {
            "title": "Tuyên truyền pháp luật cho công nhân",
            "activity_type": default_type,
            "agreement": agreement,
            "organiser": UnionBranch.objects.get(code="cd-cand"),
            "start_date": datetime.date(2024, 3, 15),
            "date_precision": "day",
            "status": "published",
        }
        values.update(fields)
        with changes.recorded() as batch:
            event = OutreachEvent.objects.create(**values)
            event.focus_areas.set(focus_areas or [default_area])
            event.partners.set(partners)
            batch.touch(event)
        return event

    return make


@pytest.fixture
def staff(branches):
    """A data-entry clerk and a reviewer on the Bắc Ninh police union, a central admin."""
    User = get_user_model()

    def make(username, role, branch):
        user = User.objects.create_user(username, password="x", is_staff=True)
        user.groups.add(group_for(role))
        if branch:
            StaffAssignment.objects.create(user=user, branch=branch)
        return user

    return {
        "entry": make("entry", ENTRY, branches["own"]),
        "reviewer": make("reviewer", REVIEWER, branches["own"]),
        "central": make("central", CENTRAL, None),
    }


@pytest.fixture
def mailed(staff):
    """The staff, each with an e-mail address (so the steps' mails have someone to reach)."""
    for who in ("entry", "reviewer", "central"):
        staff[who].email = f"{who}@example.vn"
        staff[who].save()
    return staff


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as someone, running what the commit would run (the e-mails)."""

    def send(user, url, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return send


@pytest.fixture
def entry_client(client, staff):
    """The test client, signed in as the data-entry clerk."""
    client.force_login(staff["entry"])
    return client


@pytest.fixture
def world(make_event, branches, staff):
    """For the hostile-input sweeps: a published activity and another branch's draft."""
    event = make_event(title="Công khai", organiser=branches["own"])
    draft = make_event(title="Bản nháp", organiser=branches["other"], status="draft")
    return {"event": event, "draft": draft}


@pytest.fixture
def events(make_event, branches):
    return {
        which: make_event(title=f"Hoạt động {which}", organiser=branches[branch], status="draft")
        for which, branch in [("own", "own"), ("sub", "sub"), ("other", "other")]
    }


@pytest.fixture
def roles(transactional_db):
    """The staff groups. A data migration makes them, but the flush that ends each live-server
    test empties every table, so a later live-server test must make them again."""
    sync_roles(apps)


@pytest.fixture(scope="session")
def browser():
    """Real Chromium (Debian's), driven by Playwright. Under CI a missing browser fails."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required under CI and was not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # inside one unless told it is safe, which it is here (one thread drives the test).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
