"""The one unit of work every writer uses: what a write changes besides its own rows.

A write to what the public pages show has two consequences: the activity tallies and the
cube (coordination/tallies.py) must change by what the touched activities counted before and
after, and the content version (the page cache's key, the API's ETag) must go up. Every
writer says so where it writes, inside its own transaction:

    with changes.recorded(OutreachEvent.objects.filter(pk__in=ids)) as batch:
        for event in events:
            event.status = "published"
            event.save()
            batch.touch(event)

- `recorded(events)` opens a transaction (a savepoint inside the caller's), locks the
  activities that exist and may change or go, and notes what they count for now. Pass every
  existing activity the block will save, delete or re-link; new ones need not be passed.
  More can be declared inside with `batch.include(events)`, before they change.
- `batch.touch(obj, ...)` says a record was written: a new or changed activity (its tallies
  are recounted), or any other record the public pages show (only the version goes up).
  Touch an activity after saving it; a deleted one must have been declared. An activity the
  public never saw (a draft saved, a returned one fixed) leaves the version as it is: the
  version goes up only when a touched activity was published before the block or is after it.
- `batch.recount()` is for bulk loads that bypass the models: tallies and cube are rebuilt.
- On leaving the block without an exception the tally differences are applied and the
  version is raised, once. A block inside another joins it: nothing happens twice.
- `current_version()` reads the version; `current_batch.active()` is the block open in this
  thread, if any; `restart_above(n)` moves the version past n after a restore
  (coordination/backups.py).

Locks are taken in one order by every writer, so two writers never wait for each other in a
circle (DeadlockDetected): (1) the declared activities' rows, by id, on entry; (2) the tally
cells, sorted, then the cube's, sorted, on exit; (3) the content-version row, last, on exit.
Nothing else in the app takes (2) or (3).

No signal does any of this. Tests install `install_tripwire()`, which fails an activity
written outside a block (or an existing one that was not declared) and any other public
record written outside a block.
"""

from contextlib import contextmanager

from django.db import connections, router, transaction
from django.db.models import F, Q, QuerySet

from . import tallies
from .current_batch import current as _current
from .models import ActivityCube, ActivityTally, ContentVersion, FocusArea, OutreachEvent

# Bookkeeping models: writing them changes nothing a public page shows.
_PRIVATE_MODELS = {
    "activitytally",
    "activitycube",
    "contentversion",
    "staffassignment",
    "pendingchange",
}


class Batch:
    """What one unit of work has touched; see the module docstring."""

    def __init__(self):
        self._declared = set()
        self._before = {}
        self._touched = set()
        self._content_changed = False
        self._published_before = set()
        self._focus_areas_changed = False
        self._recount = False
        self._created = set()  # filled by the tripwire only

    def include(self, events):
        """Declare existing activities (a QuerySet, objects or ids) before they change."""
        if isinstance(events, QuerySet):
            ids = set(events.order_by().values_list("pk", flat=True))
        else:
            ids = {getattr(event, "pk", event) for event in events}
        ids = sorted(int(pk) for pk in ids - self._declared if pk is not None)
        if not ids:
            return
        for start in range(0, len(ids), 2000):
            # Locked in id order, so writers that share activities queue instead of crossing.
            rows = (
                OutreachEvent.objects.filter(pk__in=ids[start : start + 2000])
                .order_by("pk")
                .select_for_update()
                .values_list("pk", "status")
            )
            self._published_before.update(
                pk for pk, status in rows if status == OutreachEvent.Status.PUBLISHED
            )
        self._declared.update(ids)
        for cell, figures in tallies.contribution(ids).items():
            tallies.add(self._before.setdefault(cell, tallies.zeros()), figures)

    def touch(self, *objects):
        """Say these records were written (saved, deleted, re-linked)."""
        for obj in objects:
            if isinstance(obj, OutreachEvent) and obj.pk is not None:
                # Whether the public saw it is known on exit (before: declared; after: now).
                self._touched.add(obj.pk)
                continue
            self._content_changed = True
            if isinstance(obj, FocusArea):
                self._focus_areas_changed = True

    def recount(self):
        """Rebuild the tallies on exit (after writes that bypassed the models)."""
        self._recount = True
        self._content_changed = True

    def _finish(self):
        if self._created - self._touched:
            raise OutsideUnitOfWork(
                f"new activities {sorted(self._created - self._touched)} were never touched"
            )
        if self._recount:
            tallies.rebuild()
        else:
            ids = self._declared | self._touched
            if ids:
                tallies.apply(self._before, tallies.contribution(ids))
            if self._focus_areas_changed:
                _drop_tallies_of_deleted_focus_areas()
        if self._content_changed or self._public_activity_changed():
            _raise_version()

    def _public_activity_changed(self):
        if self._touched & self._published_before:
            return True
        unseen = sorted(self._touched - self._published_before)
        published = OutreachEvent.objects.filter(status=OutreachEvent.Status.PUBLISHED)
        return any(
            published.filter(pk__in=unseen[start : start + 2000]).exists()
            for start in range(0, len(unseen), 2000)
        )


@contextmanager
def recorded(events=()):
    """One unit of work: see the module docstring."""
    outer = _current.get()
    if outer is not None:
        with transaction.atomic():
            outer.include(events)
            yield outer
        return
    batch = Batch()
    token = _current.set(batch)
    try:
        with transaction.atomic():
            batch.include(events)
            yield batch
            batch._finish()
    finally:
        _current.reset(token)


_READ_VERSION = f"SELECT number FROM {ContentVersion._meta.db_table} WHERE id = 1"


def current_version():
    """The number that grows with every change to what public pages show."""
    # Every page asks, so one fixed statement: the ORM would build the same SQL each time
    # (0.5 ms against 0.13 of a page's time).
    with connections[router.db_for_read(ContentVersion)].cursor() as cursor:
        cursor.execute(_READ_VERSION)
        row = cursor.fetchone()
    return row[0] if row and row[0] else 0


def restart_above(number):
    """After a restore: go past every version used before it, so that no page cached before
    the restore is served again."""
    with transaction.atomic():
        _raise_version()
        ContentVersion.objects.filter(pk=1, number__lte=number).update(number=number + 1)


def _raise_version():
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _drop_tallies_of_deleted_focus_areas():
    # A deleted area's links go with it without any save of the activities: its cells are
    # exactly what those links counted for.
    live = FocusArea.objects.values("pk")
    ActivityTally.objects.filter(
        Q(dimension_a="focus") & ~Q(key_a__in=live) | Q(dimension_b="focus") & ~Q(key_b__in=live)
    ).delete()
    ActivityCube.objects.exclude(focus=tallies.ALL_FOCUS).exclude(focus__in=live).delete()


# The test-only tripwire ------------------------------------------------------------------


class OutsideUnitOfWork(AssertionError):
    """A write that bypassed changes.recorded(): tallies or pages would go stale."""


def _check_event(instance, adding=False):
    batch = _current.get()
    if batch is None:
        raise OutsideUnitOfWork(f"activity {instance.pk} written outside changes.recorded()")
    if not adding and instance.pk not in batch._declared | batch._created:
        raise OutsideUnitOfWork(
            f"activity {instance.pk} changed without being declared to changes.recorded()"
        )


def _event_saving(sender, instance, raw=False, **kwargs):
    _check_event(instance, adding=instance._state.adding)


def _event_saved(sender, instance, created=False, **kwargs):
    if created:
        _current.get()._created.add(instance.pk)


def _event_deleting(sender, instance, **kwargs):
    _check_event(instance)


def _links_changing(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("pre_"):
        return
    if isinstance(instance, OutreachEvent):
        _check_event(instance)
        return
    batch = _current.get()
    if batch is None:
        raise OutsideUnitOfWork(f"links of {instance!r} changed outside changes.recorded()")
    stray = set(pk_set or ()) - batch._declared - batch._created
    if stray:
        raise OutsideUnitOfWork(f"activities {sorted(stray)} re-linked without being declared")


def _public_record_written(sender, instance, **kwargs):
    meta = sender._meta
    if (
        meta.app_label != "coordination"
        or meta.model_name in _PRIVATE_MODELS
        or meta.model_name.startswith("historical")
    ):
        return
    if _current.get() is None:
        raise OutsideUnitOfWork(f"{meta.model_name} {instance.pk} written outside a unit of work")


def install_tripwire():
    """Fail every write that bypasses the unit of work (for the test suite)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

    uid = "coordination.changes.tripwire"
    pre_save.connect(_event_saving, sender=OutreachEvent, dispatch_uid=uid)
    post_save.connect(_event_saved, sender=OutreachEvent, dispatch_uid=uid)
    pre_delete.connect(_event_deleting, sender=OutreachEvent, dispatch_uid=uid)
    for through in (OutreachEvent.focus_areas.through, OutreachEvent.partners.through):
        m2m_changed.connect(_links_changing, sender=through, dispatch_uid=f"{uid}.{through}")
    post_save.connect(_public_record_written, dispatch_uid=f"{uid}.public")
    post_delete.connect(_public_record_written, dispatch_uid=f"{uid}.public.delete")
