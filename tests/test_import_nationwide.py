"""The import's "Toàn quốc" column: a blank province is "place not given" unless marked."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from coordination import changes, imports
from coordination.models import OutreachEvent

from .helpers import import_row, upload, xlsx
from .test_import_roundtrip import _export


def test_a_row_marked_co_is_nationwide(entry_client):
    response = upload(
        entry_client,
        xlsx(import_row("BN-1", province="", nationwide="có"), import_row("BN-2", province="")),
    )
    assert response.status_code == 302
    assert OutreachEvent.objects.get(external_ref="BN-1").nationwide
    assert not OutreachEvent.objects.get(external_ref="BN-2").nationwide


def test_a_nationwide_row_with_a_province_or_a_stray_word_is_refused(entry_client):
    response = upload(
        entry_client,
        xlsx(import_row("BN-1", nationwide="có"), import_row("BN-2", province="", nationwide="?")),
    )
    assert response.status_code == 200
    assert {error.row for error in response.context["result"].errors} == {2, 3}
    assert not OutreachEvent.objects.filter(external_ref__in=["BN-1", "BN-2"]).exists()


def test_export_and_reimport_keeps_it(entry_client, make_event, branches):
    event = make_event(organiser=branches["own"], status="draft", external_ref="BN-T")
    event.nationwide = True
    with changes.recorded([event.pk]):
        event.save()
    exported = _export(entry_client, "export_csv")
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    column = rows[0].index(str(imports.COLUMNS[-1][1]))
    assert [row[column] for row in rows[1:]] == ["có"]
    response = entry_client.post(
        reverse("admin:coordination_outreachevent_import"),
        {"file": SimpleUploadedFile("xuat.csv", exported)},
    )
    assert response.status_code == 302
    assert OutreachEvent.objects.get(pk=event.pk).nationwide


def test_a_file_without_the_column_keeps_the_record_nationwide(entry_client, make_event, branches):
    event = make_event(organiser=branches["own"], status="draft", external_ref="BN-1")
    OutreachEvent.objects.filter(pk=event.pk).update(nationwide=True)
    workbook = Workbook()
    workbook.active.append(imports.headers()[:-1])
    workbook.active.append(import_row("BN-1", id=str(event.pk), province="")[:-1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(entry_client, SimpleUploadedFile("cu.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    assert OutreachEvent.objects.get(pk=event.pk).nationwide
