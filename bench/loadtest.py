"""Load and fault test: gunicorn with the production settings on PostgreSQL, public visitors
and staff saving at once, the database cut off in the middle.

    .venv/bin/python bench/loadtest.py                        # make loadtest: 32 clients, 60 s
    .venv/bin/python bench/loadtest.py --clients 16 --seconds 20   # the short run in .ci/run

It prepares the database (migrate, seed, demo activities), starts gunicorn on 127.0.0.1,
runs public clients on varied URLs and staff clients adding and publishing activities in
the admin, and halfway through cuts the app's database off: new connections refused
(ALLOW_CONNECTIONS false) and every open one terminated (pg_terminate_backend), for
--outage seconds. That is what a PostgreSQL restart looks like to the app, without
restarting a server other databases share. Then it checks and fails (exit 1) unless:

- no 5xx answer outside the outage, and none but 503 inside it;
- every activity a staff client was told was saved exists exactly once, none twice;
- the tallies and the cube equal a recount from the activities;
- the site answers again after the outage without a restart.

It prints p50/p95 latency and requests per second. Traffic goes to 127.0.0.1 only, every
loop stops at its deadline.
"""

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadclients import StaffClient, check_tallies  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# Answers after the database comes back may still be finishing a request that began during
# the outage.
GRACE_SECONDS = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/coordination_load"
    )
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--staff", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--outage", type=float, default=4, help="0: no fault")
    parser.add_argument("--events", type=int, default=5000, help="demo activities to load")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "loadtest-only-secret"),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    os.environ.update(env)
    prepare(env, args.events)
    log = ROOT / "var" / "loadtest-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    server = subprocess.Popen(
        [GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        wait_until_up(args.port)
        run = Run(args)
        run.go()
    finally:
        server.terminate()
        server.wait(timeout=30)
    problems = run.check()
    run.report()
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems))
        print_server_errors(log)
        sys.exit(1)
    print("\nOK: no 5xx outside the outage, nothing lost or doubled, tallies exact.")


def print_server_errors(log, limit=3):
    """The first tracebacks the server logged, so a failed run says why."""
    text = log.read_text(errors="replace")
    blocks = [b for b in re.split(r"\n(?=\S)", text) if "Traceback" in b]
    for block in blocks[:limit]:
        print("\n--- from " + log.name + " ---\n" + block[-3000:])


def prepare(env, events):
    import django
    import psycopg

    url = urllib.parse.urlparse(env["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    manage = [PYTHON, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["seed"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from coordination.models import OutreachEvent
    from coordination.roles import CENTRAL, group_for

    have = OutreachEvent.objects.filter(is_demo=True).count()
    if have < events:
        subprocess.run(
            manage + ["generate_demo_data", "--events", str(events - have)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    User = get_user_model()
    for number in range(8):
        user, _ = User.objects.get_or_create(username=f"load-staff-{number}")
        user.is_staff = True
        user.set_password("load-staff-password")
        user.save()
        user.groups.add(group_for(CENTRAL))


def wait_until_up(port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not come up within 60 s (see var/loadtest-gunicorn.log)")


class Run:
    def __init__(self, args):
        from coordination.models import OutreachEvent, Province, UnionBranch

        self.args = args
        self.results = []  # (started, finished, status, seconds, kind, what)
        self.lock = threading.Lock()
        self.saved, self.unsure = set(), set()
        self.outage = None
        self.prefix = f"Tải thử {time.strftime('%H%M%S')} "
        self.organiser = UnionBranch.objects.values_list("pk", flat=True).first()
        ids = list(OutreachEvent.objects.published().values_list("pk", flat=True)[:500])
        provinces = list(Province.objects.current().values_list("code", flat=True))
        branches = list(UnionBranch.objects.values_list("code", flat=True)[:100])
        self.urls = [
            "/",
            "/activities/",
            "/branches/",
            "/provinces/",
            "/dashboard/",
            "/healthz",
            *(f"/activities/{pk}/" for pk in ids[:50]),
            *(f"/activities/?page={n}" for n in range(1, 30)),
            *(f"/activities/?province={code}" for code in provinces),
            *(f"/dashboard/?province={code}" for code in provinces[:10]),
            *(f"/branches/{code}/" for code in branches[:30]),
            *(f"/provinces/{code}/" for code in provinces[:10]),
            "/activities/?q=cong+nhan",
            "/activities/?q=bao+ve+an+ninh&x=1",
            "/reports/?period=year&year=2024",
        ]

    def go(self):
        started = time.monotonic()
        self.deadline = started + self.args.seconds
        threads = [
            threading.Thread(target=self.visitor, args=(n,)) for n in range(self.args.clients)
        ]
        threads += [threading.Thread(target=self.staff, args=(n,)) for n in range(self.args.staff)]
        if self.args.outage:
            threads.append(threading.Thread(target=self.cut_database, args=(started,)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=self.args.seconds + 120)
        self.elapsed = time.monotonic() - started
        wait_until_up(self.args.port)  # back by itself, no restart

    def _record(self, started, status, kind, what=""):
        finished = time.monotonic()
        with self.lock:
            self.results.append((started, finished, status, finished - started, kind, what))

    def visitor(self, number):
        rng = random.Random(number)
        conn = None
        while time.monotonic() < self.deadline:
            url = rng.choice(self.urls)
            started = time.monotonic()
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=60)
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                status, conn = 0, None
            self._record(started, status, "public", url)

    def staff(self, number):
        client = StaffClient(self.args.port, f"load-staff-{number}", self.organiser)
        counter = 0
        mine = []
        while time.monotonic() < self.deadline:
            started = time.monotonic()
            try:
                client.ensure_login()
                counter += 1
                title = f"{self.prefix}{number}-{counter}"
                if counter % 3 == 0 and mine:
                    status = client.toggle(mine[-5:], publish=counter % 2 == 0)
                else:
                    status = client.add(title)
                    with self.lock:
                        (self.saved if status == 302 else self.unsure).add(title)
                    if status == 302:
                        mine.append(client.last_id(title))
            except (OSError, http.client.HTTPException):
                status = 0
                client.reset()
            self._record(started, status, "staff")
            time.sleep(0.2)

    def cut_database(self, started):
        import psycopg

        time.sleep(self.args.seconds / 2)
        url = urllib.parse.urlparse(self.args.database_url)
        name = url.path.lstrip("/")
        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            begin = time.monotonic()
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            time.sleep(self.args.outage)
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            self.outage = (begin, time.monotonic())

    def in_outage(self, started, finished):
        if not self.outage:
            return False
        begin, end = self.outage
        return started <= end + GRACE_SECONDS and finished >= begin

    def check(self):
        from django.db import connection

        connection.close()  # terminated during the outage
        problems = []
        outside = [r for r in self.results if r[2] >= 500 and not self.in_outage(r[0], r[1])]
        inside_not_503 = [
            r for r in self.results if r[2] >= 500 and r[2] != 503 and self.in_outage(r[0], r[1])
        ]
        failed = [r for r in self.results if r[2] == 0 and not self.in_outage(r[0], r[1])]
        if outside:
            problems.append(
                f"{len(outside)} answers 5xx outside the outage: "
                + ", ".join(f"{r[2]} {r[4]} {r[5]}" for r in outside[:5])
            )
        if inside_not_503:
            problems.append(
                f"{len(inside_not_503)} answers other than 503 during the outage: "
                + ", ".join(f"{r[2]} {r[5]}" for r in inside_not_503[:5])
            )
        if failed:
            problems.append(f"{len(failed)} requests failed without an answer outside the outage")
        problems += self.check_records()
        problems += check_tallies()
        if self.args.outage and not any(r[2] == 503 for r in self.results):
            problems.append("the outage was never seen (no 503): the fault did not bite")
        return problems

    def check_records(self):
        from django.db.models import Count

        from coordination.models import OutreachEvent

        problems = []
        counts = dict(
            OutreachEvent.objects.filter(title__startswith=self.prefix)
            .values_list("title")
            .annotate(n=Count("pk"))
        )
        lost = sorted(self.saved - set(counts))
        doubled = sorted(title for title, n in counts.items() if n > 1)
        if lost:
            problems.append(f"{len(lost)} saved activities are missing: {lost[:5]}")
        if doubled:
            problems.append(f"{len(doubled)} activities were saved twice: {doubled[:5]}")
        self.record_counts = (len(self.saved), len(self.unsure), len(counts))
        if self.args.staff and not self.saved:
            problems.append("no staff save was confirmed: the admin form did not accept them")
        return problems

    def report(self):
        latencies = sorted(r[3] for r in self.results if r[4] == "public" and r[2] == 200)
        statuses = {}
        for r in self.results:
            statuses[r[2]] = statuses.get(r[2], 0) + 1

        def pct(p):
            return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

        a = self.args
        print(
            f"\n{a.clients} visitors + {a.staff} staff for {a.seconds:.0f} s, {a.workers} workers"
        )
        if latencies:
            print(
                f"public pages: {len(latencies)} ok, {len(latencies) / self.elapsed:.1f} req/s, "
                f"p50 {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms"
            )
        print("answers by status:", dict(sorted(statuses.items())))
        staff = {}
        for r in self.results:
            if r[4] == "staff":
                staff[r[2]] = staff.get(r[2], 0) + 1
        print("staff answers by status:", dict(sorted(staff.items())))
        if self.outage:
            print(f"outage: {self.outage[1] - self.outage[0]:.1f} s")
        saved, unsure, found = self.record_counts
        print(f"staff: {saved} saves confirmed, {unsure} unconfirmed, {found} found in the table")


if __name__ == "__main__":
    main()
