from . import events, profile, reference, staff  # noqa: F401  (registers the admin classes)
