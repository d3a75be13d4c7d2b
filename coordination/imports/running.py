"""One import at a time per user: a second one (another tab, a double submit) is refused.

Three locks, each cheap: the expensive-request slots' own (in this process, and on PostgreSQL
an advisory lock that holds on every host), and an flock on a file of the user's under
IMPORT_ERRORS_DIR, which holds across the worker processes of one host whatever the database
(SQLite included). The operating system and PostgreSQL drop them with a process that dies.
"""

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from .. import limits

_NAMESPACE = 1_301_303


@contextmanager
def one_at_a_time(user):
    """Yield True while holding the user's import lock, or False when another import has it."""
    slot = (_NAMESPACE, user.pk)
    if not limits._try(slot):
        yield False
        return
    try:
        descriptor = _lock_file(user)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            yield False
            return
        try:
            yield True
        finally:
            os.close(descriptor)  # closing the file lets the lock go
    finally:
        limits._release([slot])


def _lock_path(user):
    return Path(settings.IMPORT_ERRORS_DIR) / "locks" / str(user.pk)


def _lock_file(user):
    path = _lock_path(user)
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
