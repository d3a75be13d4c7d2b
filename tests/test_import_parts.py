"""A small workbook whose styles or shared strings hold millions of records is refused before
openpyxl builds them; one clerk runs one import at a time."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coordination.models import OutreachEvent

from .helpers import import_row, upload, xlsx

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


SHARED_STRINGS = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def _with_part(name, content):
    """A good workbook with one part replaced or added, as a hostile file would be."""
    good = zipfile.ZipFile(io.BytesIO(xlsx(import_row("BN-1")).read()))
    parts = {info.filename: good.read(info.filename) for info in good.infolist()}
    if name == "xl/sharedStrings.xml":  # openpyxl writes its text inline: declare the part
        types = parts["[Content_Types].xml"]
        parts["[Content_Types].xml"] = types.replace(b"</Types>", SHARED_STRINGS)
    parts[name] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())


@pytest.fixture
def openpyxl_never_opens(monkeypatch):
    """Opening the workbook is the expensive step: a hostile file must be refused before."""

    def fail(*args, **kwargs):
        raise AssertionError("openpyxl opened a workbook that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)


def _refusal(response):
    assert response.status_code == 200
    assert not OutreachEvent.objects.filter(external_ref__startswith="BN-").exists()
    return str(response.context["form"].errors)


def test_three_quarters_of_a_million_styles_are_refused_unread(entry_client, openpyxl_never_opens):
    styles = b"<styleSheet %s><cellXfs>%s</cellXfs></styleSheet>" % (MAIN, b"<xf/>" * 750_000)
    file = _with_part("xl/styles.xml", styles)
    assert file.size < 200_000
    assert "định dạng" in _refusal(upload(entry_client, file))


def test_a_million_shared_strings_are_refused_unread(entry_client, openpyxl_never_opens):
    strings = b"<sst %s>%s</sst>" % (MAIN, b"<si><t>a</t></si>" * 1_000_000)
    assert "văn bản khác nhau" in _refusal(
        upload(entry_client, _with_part("xl/sharedStrings.xml", strings))
    )


def test_a_workbook_with_millions_of_defined_names_is_refused_unread(
    entry_client, openpyxl_never_opens
):
    names = b"<definedName/>" * 500_000
    workbook = b"<workbook %s><definedNames>%s</definedNames></workbook>" % (MAIN, names)
    assert "mẫu" in _refusal(upload(entry_client, _with_part("xl/workbook.xml", workbook)))


def test_an_entity_declaration_is_refused_unread(entry_client, openpyxl_never_opens):
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><styleSheet %s/>' % MAIN
    assert "mẫu" in _refusal(upload(entry_client, _with_part("xl/styles.xml", laughs)))


def test_an_ordinary_workbook_with_shared_strings_still_imports(entry_client):
    response = upload(entry_client, xlsx(import_row("BN-1"), import_row("BN-2")))
    assert response.status_code == 302
    strings = b"<sst %s>%s</sst>" % (MAIN, b"<si><t>a</t></si>" * 50_000)
    response = upload(entry_client, _with_part("xl/sharedStrings.xml", strings))
    assert response.status_code == 302
    assert OutreachEvent.objects.filter(external_ref__startswith="BN-").count() == 2
