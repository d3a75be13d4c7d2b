"""Helpers shared by several test files: admin forms, tallies, spreadsheets, the browser."""

import csv
import io
import os
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from coordination import imports, tallies
from coordination.models import ActivityCube, ActivityTally

# The activity admin ----------------------------------------------------------------------


def event_admin_url(name, *args):
    return reverse(f"admin:coordination_outreachevent_{name}", args=args)


def event_form_data(event, **changes):
    """The admin change form's fields as the page would post them for this activity."""
    data = {
        "title": event.title,
        "description": event.description,
        "activity_type": event.activity_type_id,
        "agreement": event.agreement_id or "",
        "focus_areas": [area.pk for area in event.focus_areas.all()],
        "loaded_version": event.version,
        "organiser": event.organiser_id,
        "partners": [],
        "partner_note": "",
        "province": event.province_id or "",
        "place": event.place,
        "start_date": event.start_date.strftime("%d/%m/%Y") if event.start_date else "",
        "end_date": "",
        "date_precision": event.date_precision,
        "sessions": event.sessions or "",
        "participants": event.participants or "",
        "figures_qualifier": event.figures_qualifier,
        "status": event.status,
        "external_ref": event.external_ref or "",
        "source": "",
        "source_excerpt": "",
    }
    data.update(changes)
    return data


# Tallies ---------------------------------------------------------------------------------


def tally_table():
    """The tallies and the cube's cells, those that count something."""
    tallies = {
        (t.dimension_a, t.key_a, t.dimension_b, t.key_b): (t.activities, t.sessions, t.participants)
        for t in ActivityTally.objects.filter(activities__gt=0)
    }
    cube = {
        ("cube", c.month, c.province, c.branch, c.type, c.focus): (
            c.activities,
            c.sessions,
            c.participants,
        )
        for c in ActivityCube.objects.filter(activities__gt=0)
    }
    return tallies | cube


def assert_tallies_match_a_recount():
    kept = tally_table()
    tallies.rebuild()
    assert kept == tally_table()


# The activity import ---------------------------------------------------------------------

IMPORT_URL = "admin:coordination_outreachevent_import"


def import_row(ref="BN-1", **overrides):
    row = {
        "external_ref": ref,
        "title": "Tuyên truyền ở KCN Quế Võ",
        "description": "",
        "activity_type": "tuyen-truyen",
        "id": "",
        # One area by code, one by its name (without diacritics): never by position.
        "focus_areas": "qc04-toi-pham; tuyen truyen, pho bien phap luat (phong, chong toi pham, "
        "ma tuy, an toan giao thong, phong chay, chua chay)",
        "organiser": "cdca-bn",
        "partners": "",
        "province": "24",
        "place": "KCN Quế Võ",
        "start_date": "15/08/2025",
        "end_date": "",
        "date_precision": "day",
        "sessions": "2",
        "participants": "350",
        "nationwide": "",
    }
    row.update(overrides)
    return [row[key] for key, _label, _req in imports.COLUMNS]


def xlsx(*rows, name="bao-cao.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(imports.headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(*rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(imports.headers())
    writer.writerows(rows)
    return SimpleUploadedFile("bao-cao.csv", buffer.getvalue().encode(encoding))


def upload(client, file):
    return client.post(reverse(IMPORT_URL), {"file": file})


# The browser -----------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"width": 390, "height": 844}
PASSWORD = "Mat-khau-cho-kiem-thu-2025"


def screenshot(page, name):
    """The README's screenshots are written into docs/ only when asked (SCREENSHOTS=1), so
    that a test run leaves the working tree as it found it; otherwise into var/screenshots/
    (not tracked), still taken whole so a page that cannot be drawn fails its test."""
    folder = ROOT / ("docs" if os.environ.get("SCREENSHOTS") == "1" else "var/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def log_in(page, live_server, user, next_url="/admin/"):
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.locator("input[name=username]").fill(user.get_username())
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{next_url}")


def pick_autocomplete(page, field_id, search, option):
    """Open a select2 autocomplete widget, type, and pick the option with that exact text.

    Returns once no search of the widget is still on its way: a many-to-many widget searches
    again after a pick, and the live server shares one SQLite connection among its threads,
    so that search running beside the form's submission could break the other's transaction.
    """
    searches = _autocomplete_searches(page)
    page.locator(f"#{field_id} + .select2-container .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=re.compile(f"^{re.escape(option)}$")).click()
    expect(page.locator(f"#{field_id} + .select2-container .select2-selection")).to_contain_text(
        option
    )
    page.keyboard.press("Escape")
    page.wait_for_timeout(SELECT2_DELAY_MS + 100)  # a search asked for now has started by then
    for _ in range(100):
        if not searches:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"autocomplete searches still running: {sorted(searches)}")


#: How long select2 waits after typing before it searches (the admin widget's data-ajax--delay).
SELECT2_DELAY_MS = 250


def _autocomplete_searches(page):
    """The autocomplete requests of this page still on their way (kept up to date by events)."""
    if not hasattr(page, "autocomplete_searches"):
        running = page.autocomplete_searches = set()

        def started(request):
            if "/autocomplete/" in request.url:
                running.add(request.url)

        def ended(request):
            running.discard(request.url)

        page.on("request", started)
        page.on("requestfinished", ended)
        page.on("requestfailed", ended)
    return page.autocomplete_searches
