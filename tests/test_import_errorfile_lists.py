"""The file an import hands back keeps the template's drop-downs and code sheets."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from coordination import imports

from .helpers import import_row, upload, xlsx

ERRORS_URL = "admin:coordination_outreachevent_import_errors"


def _returned(client, file):
    response = upload(client, file)
    assert response.context["result"].errors
    back = client.get(reverse(ERRORS_URL))
    return load_workbook(io.BytesIO(back.content))


def _lists(sheet):
    """{column letter: the drop-down's source} of the sheet's list validations."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type == "list":
            for cell_range in validation.sqref.ranges:
                found[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation.formula1
    return found


def test_the_returned_file_has_the_templates_lists(entry_client):
    template = load_workbook(
        io.BytesIO(
            entry_client.get(reverse("admin:coordination_outreachevent_import_template")).content
        )
    )
    book = _returned(entry_client, xlsx(import_row("BN-1", activity_type="khong-co")))
    assert book.sheetnames[1:] == template.sheetnames[1:]
    lists = _lists(book.worksheets[0])
    column = {key: i for i, (key, _l, _r) in enumerate(imports.COLUMNS)}
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert (
        lists[letter[column["activity_type"]]]
        == _lists(template.worksheets[0])[letter[column["activity_type"]]]
    )
    assert letter[column["organiser"]] in lists
    codes = [row[0] for row in book["Loại hoạt động"].iter_rows(min_row=2, values_only=True)]
    assert "tuyen-truyen" in codes


def test_a_file_with_its_columns_moved_gets_the_lists_on_its_own_columns(entry_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    headers = imports.headers()
    row = import_row("BN-1", province="khong-co")
    order = list(reversed(range(len(headers))))
    workbook = Workbook()
    workbook.active.append([headers[i] for i in order])
    workbook.active.append([row[i] for i in order])
    buffer = io.BytesIO()
    workbook.save(buffer)
    book = _returned(entry_client, SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    position = order.index([k for k, _l, _r in imports.COLUMNS].index("province"))
    assert "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[position] in _lists(book.worksheets[0])
