"""Where an import's annotated error file waits for its download: a file, not the session.

A file of 10,000 rows with an error each is megabytes; kept in the session it was rewritten
on every request of that clerk for hours. It is written under IMPORT_ERRORS_DIR with a random
name that starts with its owner's id, readable by the server's user only; the session keeps
only that name and the name to download it as. The clerk's previous file goes when a new
import starts, and every file older than ERROR_FILE_HOURS when any import runs.
"""

import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

ERROR_FILE_HOURS = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _directory():
    return Path(settings.IMPORT_ERRORS_DIR)


def _path(user, token):
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return _directory() / f"{user.pk}-{token}"


def save(user, content):
    """Write the file; return the token that names it (kept in the owner's session)."""
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    token = secrets.token_urlsafe(24)
    descriptor = os.open(_path(user, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    return token


def read(user, token):
    """The owner's file's content, or None when it is gone or too old."""
    path = _path(user, token)
    try:
        if path is None or _expired(path.stat().st_mtime):
            return None
        return path.read_bytes()
    except OSError:
        return None


def delete(user, token):
    path = _path(user, token)
    if path is not None:
        path.unlink(missing_ok=True)


def delete_expired():
    """Remove every error file past its life (an import runs this; so may a cron job)."""
    try:
        entries = list(os.scandir(_directory()))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_file() and _expired(entry.stat().st_mtime):
                os.unlink(entry.path)
        except OSError:
            pass  # another process removed it first


def _expired(mtime):
    return time.time() - mtime > ERROR_FILE_HOURS * 3600
