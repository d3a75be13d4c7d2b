"""Backups of the whole database, and restoring one: `make backup`, `make restore FILE=…`.

PostgreSQL: pg_dump's custom format (a consistent snapshot taken while the site runs),
restored by pg_restore in one transaction, so a failed restore leaves the database as it was.
SQLite: the sqlite3 backup API, page by page, consistent even while the site writes.
A backup holds password hashes, session keys and e-mail addresses: the file is created 0600
and the backup directory 0700, whatever the umask.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from . import changes


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def default_path():
    extension = "dump" if connection.vendor == "postgresql" else "sqlite3"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"coordination-{stamp}.{extension}"


def backup(path=None):
    """Write a backup of the database to `path` (or a dated file); return the path."""
    path = Path(path or default_path())
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"No backup method for {connection.vendor}.")
    try:
        _private_file(path)
        if connection.vendor == "postgresql":
            _run("pg_dump", "--format=custom", "--no-owner", f"--file={path}", _dbname())
        else:
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"The backup cannot be written to {path}: {exc}") from exc
    return path


def _private_file(path):
    """Create `path` empty, readable by its owner only, before anything is written to it.

    The directory is made 0700 when this creates it, and so is BACKUP_DIR always; a directory
    someone chose for one backup is left as it is. pg_dump and sqlite3 write into the existing
    file, which keeps its mode.
    """
    created = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    if created or path.parent.resolve() == Path(settings.BACKUP_DIR).resolve():
        path.parent.chmod(0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # the umask may have taken bits from the mode above
    finally:
        os.close(descriptor)


def restore(path):
    """Replace the whole database by the backup in `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    try:
        version_before = changes.current_version()
    except DatabaseError:  # restoring into a new, empty database
        version_before = 0
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_dbname()}",
            str(path),
        )
    elif connection.vendor == "sqlite":
        if path.read_bytes()[:16] != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not an SQLite backup.")
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")
    changes.restart_above(version_before)


def _dbname():
    """A libpq connection string for the configured database (password via PGPASSWORD)."""
    db = connection.settings_dict
    parts = {"dbname": db["NAME"], "host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def _run(program, *args):
    if not shutil.which(program):
        raise BackupError(
            f"{program} was not found: install the PostgreSQL client (apt-get install "
            "postgresql-client) in the same major version as the server, or newer."
        )
    env = {**os.environ}
    if connection.settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    done = subprocess.run([program, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")
