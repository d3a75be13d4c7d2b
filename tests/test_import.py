"""Spreadsheet import: all rows valid or nothing written; re-import updates; limits hold."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from coordination import imports
from coordination.models import OutreachEvent

from .helpers import IMPORT_URL, csv_file, import_row, upload, xlsx


def test_template_download_has_the_columns_and_an_example(entry_client):
    response = entry_client.get(reverse("admin:coordination_outreachevent_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert [header.removesuffix(" *") for header in rows[0]] == imports.headers()
    assert rows[1][6] == "cdca-bn"  # the user's own branch in the example


@pytest.mark.parametrize("make", [xlsx, csv_file])
def test_good_file_imports_drafts(entry_client, staff, make):
    response = upload(
        entry_client,
        make(
            import_row("BN-1"),
            import_row("BN-2", title="Buổi thứ hai", province="cu:24", start_date="01/03/2024"),
        ),
    )
    assert response.status_code == 302
    events = OutreachEvent.objects.filter(external_ref__startswith="BN-").order_by("external_ref")
    assert [e.title for e in events] == ["Tuyên truyền ở KCN Quế Võ", "Buổi thứ hai"]
    first = events[0]
    assert first.status == "draft" and first.created_by == staff["entry"]
    assert first.participants == 350 and str(first.start_date) == "2025-08-15"
    assert sorted(first.focus_areas.values_list("code", flat=True)) == [
        "qc04-toi-pham",
        "qc04-tuyen-truyen",
    ]
    assert events[1].province.era == "former"


def test_one_bad_row_means_nothing_is_imported(entry_client):
    response = upload(
        entry_client,
        xlsx(
            import_row("BN-1"),
            import_row("BN-2", start_date="31/02/2024"),
            import_row("BN-3", end_date="01/01/2025"),  # before its start
            import_row("BN-4", organiser="cdca-dn"),  # another province's branch
            import_row("BN-5", focus_areas="9", sessions="-3"),
        ),
    )
    assert response.status_code == 200
    assert not OutreachEvent.objects.filter(external_ref__startswith="BN-").exists()
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    headers = dict((key, str(label)) for key, label, _r in imports.COLUMNS)
    assert (3, headers["start_date"]) in errors
    assert (4, headers["end_date"]) in errors
    assert (5, headers["organiser"]) in errors
    assert (6, headers["focus_areas"]) in errors and (6, headers["sessions"]) in errors
    assert 2 not in {row for row, _column in errors}
    # The file comes back with an error column.
    back = entry_client.get(reverse("admin:coordination_outreachevent_import_errors"))
    rows = list(load_workbook(io.BytesIO(back.content)).active.values)
    assert rows[0][-1] and rows[1][-1] is None and rows[2][-1]


def test_reimport_updates_instead_of_duplicating(entry_client):
    upload(entry_client, xlsx(import_row("BN-1")))
    upload(entry_client, xlsx(import_row("BN-1", participants="400")))
    event = OutreachEvent.objects.get(external_ref="BN-1")
    assert event.participants == 400 and event.version == 2


def test_reference_of_another_branchs_record_is_refused(client, staff, make_event, branches):
    make_event(external_ref="DN-1", organiser=branches["other"], title="Của Đồng Nai")
    client.force_login(staff["entry"])
    response = upload(client, xlsx(import_row("DN-1")))
    assert response.context["result"].errors
    assert OutreachEvent.objects.get(external_ref="DN-1").title == "Của Đồng Nai"


def test_formula_cells_are_stored_as_text(entry_client):
    formula = '=HYPERLINK("http://x","bấm")'
    upload(entry_client, xlsx(import_row("BN-1", title=formula, description="@SUM(1+1)")))
    event = OutreachEvent.objects.get(external_ref="BN-1")
    assert event.title == formula and event.description == "@SUM(1+1)"


@pytest.mark.parametrize(
    "file, message",
    [
        (SimpleUploadedFile("a.xlsx", b"not a zip"), "Excel"),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4"), ".csv"),
        (SimpleUploadedFile("a.csv", "Tiêu đề".encode("utf-16")), "UTF-8"),
        (SimpleUploadedFile("a.csv", b""), ""),
    ],
)
def test_broken_files_get_a_clear_message(entry_client, file, message):
    response = upload(entry_client, file)
    assert response.status_code == 200
    assert response.context["form"].errors and message in str(response.context["form"].errors)
    assert not OutreachEvent.objects.filter(external_ref__startswith="BN-").exists()


def test_oversized_file_is_refused(entry_client):
    big = SimpleUploadedFile("big.csv", b"x" * (imports.MAX_BYTES + 1))
    response = upload(entry_client, big)
    assert "5 MB" in str(response.context["form"].errors)


def test_zip_bomb_is_refused_before_parsing(entry_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (imports.MAX_UNZIPPED_BYTES + 1))
    response = upload(entry_client, SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))
    assert "50 MB" in str(response.context["form"].errors)


def test_too_many_rows_is_refused(entry_client):
    rows = [import_row(f"BN-{n}") for n in range(imports.MAX_ROWS + 1)]
    response = upload(entry_client, csv_file(*rows))
    assert "10" in str(response.context["form"].errors)
    assert not OutreachEvent.objects.filter(external_ref__startswith="BN-").exists()


def test_missing_column_is_named(entry_client):
    file = SimpleUploadedFile("a.csv", "Tiêu đề\nMột\n".encode("utf-8-sig"))
    response = upload(entry_client, file)
    assert response.context["result"].errors[0].row == 1


def test_import_needs_the_add_permission(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
