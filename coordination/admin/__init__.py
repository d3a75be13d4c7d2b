from . import events, reference, staff  # noqa: F401  (registers the admin classes)
