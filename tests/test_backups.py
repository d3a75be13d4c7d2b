"""A backup, then changes and deletions, then a restore: everything is back as it was."""

import pytest
from django.core.management import CommandError, call_command

from coordination import changes
from coordination.models import ActivityTally, OutreachEvent

from .writes import save


def _snapshot():
    Through = OutreachEvent.focus_areas.through
    return {
        "activities": sorted(OutreachEvent.objects.values_list("pk", "title", "status", "version")),
        "focus_links": sorted(Through.objects.values_list("outreachevent_id", "focusarea_id")),
        "history": sorted(
            OutreachEvent.history.values_list("history_id", "id", "title", "history_type")
        ),
        "tallies": sorted(
            ActivityTally.objects.filter(activities__gt=0).values_list(
                "dimension_a", "key_a", "dimension_b", "key_b", "activities", "participants"
            )
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_every_activity_history_row_and_tally(make_event, tmp_path):
    kept = make_event(title="Giữ lại", participants=40)
    gone = make_event(title="Sẽ bị xoá", participants=12)
    before = _snapshot()
    version = changes.current_version()
    file = tmp_path / "backup.bin"
    call_command("backup", str(file))
    assert file.stat().st_size > 0

    kept.title = "Đã sửa sau khi sao lưu"
    save(kept)
    with changes.recorded([gone]) as batch:
        batch.touch(gone)
        gone.delete()
    make_event(title="Thêm sau khi sao lưu")
    assert _snapshot() != before

    call_command("restore", str(file), "--noinput")
    assert _snapshot() == before
    assert OutreachEvent.objects.get(title="Sẽ bị xoá").participants == 12
    # No page cached after the backup is served again: the version moved past them all.
    assert changes.current_version() > version + 3


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "not-a-backup.dump"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(bogus), "--noinput")
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing"), "--noinput")


@pytest.fixture
def open_umask():
    """A umask that would leave new files readable and writable by everyone."""
    import os

    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only_whatever_the_umask(
    make_event, tmp_path, settings, open_umask
):
    make_event(title="Có trong bản sao lưu")
    settings.BACKUP_DIR = str(tmp_path / "backups")
    call_command("backup")
    (file,) = (tmp_path / "backups").iterdir()
    assert file.stat().st_size > 0
    # Password hashes, session keys and e-mail addresses: nobody else on the machine reads it.
    assert file.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700

    chosen = tmp_path / "elsewhere" / "one.bin"
    call_command("backup", str(chosen))
    assert chosen.stat().st_mode & 0o777 == 0o600
    assert chosen.parent.stat().st_mode & 0o777 == 0o700


def test_an_unwritable_backup_directory_is_a_message_not_a_traceback(tmp_path, settings, db):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.BACKUP_DIR = str(blocker / "backups")
    with pytest.raises(CommandError, match="cannot be written"):
        call_command("backup")
