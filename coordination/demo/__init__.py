"""Realistic synthetic data for demos and benchmarks, on top of the real seeds.

* vocabulary: the words, places and weights it is made of;
* branches: about 610 union branches in the real hierarchy's shape;
* events: activity rows, skewed like real reporting, with their links;
* bulk: the load (COPY on PostgreSQL, batched INSERTs on SQLite) and the clear.

Every row it writes is marked ``is_demo``; clearing deletes those rows only. It writes no
history rows. The same seed on the same database gives the same data.
"""


class DemoDataError(Exception):
    """The data cannot be generated or cleared; nothing was changed."""
