"""An import with errors: its file waits on disk for its owner only, a day at most; the page
lists the first errors and counts the rest; one import at a time per clerk."""

import io
import os
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from coordination.models import OutreachEvent

from .helpers import import_row, upload, xlsx

ERRORS_URL = "admin:coordination_outreachevent_import_errors"


@pytest.fixture(autouse=True)
def error_files(settings, tmp_path):
    settings.IMPORT_ERRORS_DIR = str(tmp_path / "import-errors")
    return tmp_path / "import-errors"


def _stored(directory):
    return [path for path in directory.iterdir() if path.is_file()]


def _bad_file(rows):
    return xlsx(*(import_row(f"BN-{n}", start_date="31/02/2024") for n in range(rows)))


def test_many_errors_list_the_first_and_keep_the_session_small(entry_client, error_files):
    response = upload(entry_client, _bad_file(250))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("31/02/2024") == 100
    assert "Còn 150 lỗi khác" in page
    assert reverse(ERRORS_URL) in page
    # The session (read and written on every request) holds a name, not the file.
    session = entry_client.session
    assert sum(len(str(value)) for value in session.values()) < 1000

    back = entry_client.get(reverse(ERRORS_URL))
    rows = list(load_workbook(io.BytesIO(back.content)).active.values)
    assert sum(1 for row in rows[1:] if row[-1]) == 250
    (stored,) = _stored(error_files)
    assert stored.stat().st_mode & 0o077 == 0
    assert not OutreachEvent.objects.filter(external_ref__startswith="BN-").exists()


def test_the_error_file_is_its_owners_only_and_goes_with_the_next_import(
    entry_client, staff, error_files
):
    upload(entry_client, _bad_file(2))
    stored = entry_client.session["import_errors_file_outreachevent"]

    # Another clerk holding the same name in their session still gets nothing.
    client = Client()
    client.force_login(staff["reviewer"])
    session = client.session
    session["import_errors_file_outreachevent"] = stored
    session.save()
    assert client.get(reverse(ERRORS_URL)).status_code == 404

    upload(entry_client, _bad_file(3))
    assert len(_stored(error_files)) == 1  # the first file went with the new import
    upload(entry_client, xlsx(import_row("BN-1")))
    assert not _stored(error_files)
    assert entry_client.get(reverse(ERRORS_URL)).status_code == 404


def test_an_error_file_older_than_a_day_is_gone(entry_client, staff, error_files):
    upload(entry_client, _bad_file(2))
    (stored,) = _stored(error_files)
    day_and_more = time.time() - 25 * 3600
    os.utime(stored, (day_and_more, day_and_more))
    assert entry_client.get(reverse(ERRORS_URL)).status_code == 404
    # Any clerk's import clears the old files of everyone.
    client = Client()
    client.force_login(staff["reviewer"])
    upload(client, xlsx(import_row("BN-9")))
    assert not stored.exists()


def _refused_as_running(response):
    assert response.status_code == 200
    assert "lượt nhập dữ liệu chưa xong" in str(response.context["form"].errors)
    assert not OutreachEvent.objects.filter(external_ref__startswith="BN-").exists()


def test_a_second_import_of_the_same_clerk_is_refused_while_one_runs(
    entry_client, staff, monkeypatch
):
    from coordination.imports import activities

    real = activities.validate_and_import
    answers = []

    def import_twice(upload_, user):
        # While this import runs, the same clerk sends another file (another tab).
        answers.append(upload(entry_client, xlsx(import_row("BN-2"))))
        return real(upload_, user)

    monkeypatch.setattr("coordination.admin.imports.ACTIVITIES.validate", import_twice)
    first = upload(entry_client, xlsx(import_row("BN-1")))
    assert first.status_code == 302
    (second,) = answers
    assert "lượt nhập dữ liệu chưa xong" in str(second.context["form"].errors)
    assert list(
        OutreachEvent.objects.filter(external_ref__startswith="BN-").values_list(
            "external_ref", flat=True
        )
    ) == ["BN-1"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a lock across processes")
def test_an_import_running_in_another_process_is_seen(entry_client, staff):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [1_301_303, staff["entry"].pk])
            assert cursor.fetchone()[0]
        _refused_as_running(upload(entry_client, xlsx(import_row("BN-1"))))
    finally:
        other.close()
    assert upload(entry_client, xlsx(import_row("BN-1"))).status_code == 302


def test_an_import_running_in_another_worker_of_this_host_is_seen(entry_client, staff):
    import subprocess
    import sys

    from coordination.imports import running

    # Another worker process holds the clerk's lock for as long as it runs.
    lock = running._lock_file(staff["entry"])
    os.close(lock)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys; f = os.open(sys.argv[1], os.O_RDWR);"
            " fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
            str(running._lock_path(staff["entry"])),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        _refused_as_running(upload(entry_client, xlsx(import_row("BN-1"))))
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # The lock is the operating system's: it went with the process.
    assert upload(entry_client, xlsx(import_row("BN-1"))).status_code == 302
