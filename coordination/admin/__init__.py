from . import events, reference  # noqa: F401  (registers the admin classes)
