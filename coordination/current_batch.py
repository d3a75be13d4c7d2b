"""The unit of work open in this thread (coordination/changes.py opens and closes it).

Apart from changes.py, which imports the models, so that the models' history
(coordination/history.py) can ask for it.
"""

from contextvars import ContextVar

current = ContextVar("coordination_changes_batch", default=None)


def active():
    """The unit of work open in this thread, or None."""
    return current.get()
