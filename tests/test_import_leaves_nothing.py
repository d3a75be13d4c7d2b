"""A test run leaves the worktree as it found it: import error files go to the test's folder."""

from pathlib import Path

from .helpers import import_row, upload, xlsx


def test_an_import_with_errors_writes_outside_the_worktree(entry_client, settings, tmp_path):
    response = upload(entry_client, xlsx(import_row("BN-1", start_date="31/02/2024")))
    assert response.context["result"].errors
    written = [p for p in Path(settings.IMPORT_ERRORS_DIR).rglob("*") if p.is_file()]
    assert written
    assert all(tmp_path in p.parents for p in written)
