"""``python manage.py generate_demo_data --events N [--seed S] [--clear]``

Realistic synthetic data for demos and benchmarks on top of the real seeds: about 610 union
branches in the real hierarchy's shape and N activities from 2016 to 2026, skewed like real
reporting, ~94 % published. Every row is marked ``is_demo``; ``--clear`` deletes those rows
only. How it is made: the ``coordination.demo`` package.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from coordination import changes
from coordination.demo import DemoDataError, bulk
from coordination.demo.branches import ensure_branches, ensure_reference_data
from coordination.demo.events import EventGenerator


class Command(BaseCommand):
    help = (
        "Generate realistic demo branches and activities (marked is_demo) on top of the seeds; "
        "--clear deletes demo rows only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, default=0, help="How many activities to add (default 0)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First delete every demo row (activities, their links, demo branches).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per INSERT batch on SQLite."
        )
        parser.add_argument(
            "--indexes",
            choices=["auto", "rebuild", "keep"],
            default="auto",
            help=(
                "PostgreSQL: drop the secondary indexes of the activity tables before loading "
                "and rebuild them after (rebuild), or update them row by row (keep). auto "
                f"rebuilds when adding at least {bulk.REBUILD_MIN_ROWS:,} activities and no "
                "fewer than the table holds. Rebuilding locks the tables until the end."
            ),
        )

    def handle(self, *args, events, seed, clear, batch_size, indexes, **options):
        if events < 0:
            raise CommandError("--events must be 0 or more.")
        if not events and not clear:
            raise CommandError("Nothing to do: give --events N and/or --clear.")
        started = time.perf_counter()
        timings = bulk.Timings()
        try:
            if clear:
                self._clear(timings)
            if events:
                self._generate(events, seed, batch_size, indexes, timings)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        total = time.perf_counter() - started
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings)
        rate = f", {events / total:,.0f} activities/s" if events else ""
        self.stdout.write(
            self.style.SUCCESS(f"Done on {connection.vendor} in {total:.1f} s ({phases}{rate}).")
        )

    def _clear(self, timings):
        counts = timings.run("clear", bulk.clear)
        self.stdout.write(
            "Deleted demo data: {events} activities, {focus} focus-area links, "
            "{partners} partner links, {branches} branches, "
            "{assignments} staff assignments to demo branches.".format(**counts)
        )

    def _generate(self, events, seed, batch_size, indexes, timings):
        if timings.run("seeds", ensure_reference_data):
            self.stdout.write("Loaded the seeds first.")
        with changes.recorded() as batch:
            branches, created = timings.run("branches", ensure_branches)
            self.stdout.write(
                f"Demo branches: {created} created, {len(branches) - created} reused "
                f"({sum(b.level == 2 and b.kind == 'police' for b in branches)} upper-level "
                f"police unions, {sum(b.level == 3 for b in branches)} grassroots, "
                f"{sum(b.kind == 'federation' for b in branches)} federations)."
            )
            generator = EventGenerator(random.Random(seed), branches)
            written = timings.run(
                "events",
                bulk.write_events,
                generator,
                events,
                batch_size,
                indexes,
                timings,
                self.stdout.write,
            )
            batch.recount()  # the rows bypassed the models: tallies rebuilt on leaving
            leaving = time.perf_counter()
        timings.append(("recount and commit", time.perf_counter() - leaving))
        timings.run("analyze", bulk.analyze)
        self.stdout.write(
            "Created {events} demo activities (ids {first_id}–{last_id}): {published} "
            "published, {draft} drafts, {withdrawn} withdrawn; {focus} focus-area links, "
            "{partners} partner links.".format(**written, **generator.stats)
        )
