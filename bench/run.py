"""Benchmark suite: page times, SQL, exports and throughput at a million activities.

    .venv/bin/python bench/run.py [--db postgres|sqlite] [--events N] [--quick]

Sets the database up when needed (migrate, seed, generate_demo_data), then measures every
page in-process through Django's test client (full middleware stack, DEBUG off, no network)
with each SQL statement timed by ``connection.execute_wrapper``; runs the exports in a child
process to get their peak memory; and loads gunicorn with 16 concurrent clients for the
throughput. Writes a Markdown report (bench/report.md for the full PostgreSQL run) and the
raw figures as JSON under bench/data/. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/coordination_bench"
SQLITE_PATH = ROOT / "var" / "bench.sqlite3"
DATA_DIR = ROOT / "bench" / "data"
STATE_FILE = ROOT / "var" / "bench-state.json"
GUNICORN_PORT = 8765
ACTIVITY_TYPE = "tuyen-truyen"
# What the README recommends for a 2-core host: 2 × cores + 1.
GUNICORN_WORKERS = 5
BUSY_BRANCH = "demo-cdca-79"
BIG_PROVINCE, SMALL_PROVINCE = "79", "12"
FOCUS_AREA = "qc04-ma-tuy"
MONTH = ("2024-03-01", "2024-03-31")
COMMON_WORDS, RARE_PHRASE = "cong nhan", "buu dien"
XLSX_ROWS = 100_000

# Targets for PostgreSQL with 1,000,000 activities: (median ms, p95 ms or None).
LIST = (30, 60)
TARGETS = {
    "list": LIST,
    "deep": (50, None),
    "search": (60, 120),
    "page": (20, None),
    "dashboard": (100, None),
    "dashboard_search": (1000, None),
    "admin": (150, None),
}
DJANGO_SHARE_MS = 20
CSV_TARGET = (30.0, 250)  # seconds, MB
XLSX_TARGET = (20.0, 250)
THROUGHPUT_TARGET = 150
GENERATE_TARGET_S = 180


# Setup ------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--events", type=int, help="Activities (default 1,000,000; 20,000 quick)")
    parser.add_argument("--quick", action="store_true", help="Small data, few repetitions.")
    parser.add_argument("--reps", type=int, help="Measured requests per page (default 30; 5).")
    parser.add_argument("--warmup", type=int, help="Unmeasured requests first (default 3; 1).")
    parser.add_argument("--seed", type=int, default=1, help="generate_demo_data --seed")
    parser.add_argument("--output", help="Report path (default bench/report.md for full runs)")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--throughput-seconds", type=int, default=30)
    parser.add_argument(
        "--only", metavar="REGEX", help="Measure only pages whose section or name matches."
    )
    parser.add_argument("--export-worker", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--as-user", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.events is None:
        args.events = 20_000 if args.quick else 1_000_000
    if args.reps is None:
        args.reps = 5 if args.quick else 30
    if args.warmup is None:
        args.warmup = 1 if args.quick else 3
    if args.quick:
        args.skip_throughput = True
    return args


def database_url(args):
    if args.db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else DEFAULT_PG


def configure_environment(args):
    if not args.export_worker:  # a worker inherits its parent's database
        os.environ["DATABASE_URL"] = database_url(args)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.pop("DEBUG", None)


def ensure_postgres_database(url):
    """Create the database when it is missing (connecting to the 'postgres' one)."""
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def recreate_postgres_database(url):
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def load_state():
    try:
        return json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return {}


def save_state(state):
    STATE_FILE.parent.mkdir(exist_ok=True)
    STATE_FILE.write_text(json.dumps(state, indent=2, ensure_ascii=False))


def setup_database(args):
    """Migrate, seed and generate when the demo data is not there with N activities."""
    import django
    from django.core.management import call_command
    from django.db import connection

    url = os.environ["DATABASE_URL"]
    if args.db == "postgres":
        ensure_postgres_database(url)
    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from coordination.models import OutreachEvent

    state = load_state()
    key = url
    have = OutreachEvent.objects.filter(is_demo=True).count()
    if have == args.events:
        print(f"Demo data with {have:,} activities already there; not regenerating.")
        known = state.get(key, {})
        if known.get("events") != have:
            known = {"events": have, "generate_seconds": None}
        return known | {"reused": True}

    # A benchmark database holds only seeds and demo data: start from an empty one so the
    # tables carry no bloat from earlier runs.
    if args.db == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    elif "bench" in urllib.parse.urlparse(url).path:
        connection.close()
        recreate_postgres_database(url)
    call_command("migrate", interactive=False, verbosity=0)
    clear = args.db == "postgres" and "bench" not in urllib.parse.urlparse(url).path
    print(f"Generating {args.events:,} demo activities…", flush=True)
    from io import StringIO

    out = StringIO()
    started = time.perf_counter()
    call_command("generate_demo_data", events=args.events, seed=args.seed, clear=clear, stdout=out)
    seconds = time.perf_counter() - started
    print(out.getvalue().strip())
    vacuum = None
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load in real life: sets the visibility map
        # (index-only scans) and the statistics. Done here so every run starts the same.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        vacuum = time.perf_counter() - started
    entry = {
        "events": args.events,
        "generate_seconds": round(seconds, 1),
        "generate_output": out.getvalue().strip(),
        "vacuum_seconds": round(vacuum, 1) if vacuum else None,
        "generated_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    state[key] = entry
    save_state(state)
    return entry | {"reused": False}


def ensure_users():
    from django.contrib.auth import get_user_model

    from coordination.models import StaffAssignment, UnionBranch
    from coordination.roles import ENTRY, group_for

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    entry, _ = User.objects.get_or_create(username="bench-entry", defaults={"is_staff": True})
    entry.groups.add(group_for(ENTRY))
    branch = UnionBranch.objects.get(code=BUSY_BRANCH)
    StaffAssignment.objects.get_or_create(user=entry, branch=branch)
    return {"admin": admin, "entry": entry}


# Measuring pages --------------------------------------------------------------------------


class Recorder:
    """An execute_wrapper that times every statement."""

    def __init__(self):
        self.calls = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append((sql, params, time.perf_counter() - started))


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(-(-fraction * len(ordered) // 1)) - 1))
    return ordered[index]


def consume(response):
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


class Bench:
    def __init__(self, args, users):
        from django.test import Client

        self.args = args
        self.clients = {None: Client()}
        for name, user in users.items():
            client = Client()
            client.force_login(user)
            self.clients[name] = client
        self.results = []

    def page(self, section, name, urls, target=None, user=None, note=""):
        from django.db import connection

        urls = [urls] if isinstance(urls, str) else list(urls)
        if self.args.only and not re.search(self.args.only, f"{section}: {name}", re.I):
            return None
        client = self.clients[user]
        result = {
            "section": section,
            "name": name,
            "url": urls[0] + (f" (+{len(urls) - 1} more ids)" if len(urls) > 1 else ""),
            "user": user,
            "target": target,
            "note": note,
        }
        print(f"  {section}: {name} {urls[0]}", flush=True)
        try:
            for i in range(self.args.warmup):
                consume(client.get(urls[i % len(urls)]))
            samples, statements, statuses = [], {}, {}
            for i in range(self.args.reps):
                recorder = Recorder()
                with connection.execute_wrapper(recorder):
                    started, cpu = time.perf_counter(), time.process_time()
                    response = client.get(urls[i % len(urls)])
                    size = consume(response)
                    total = time.perf_counter() - started
                    cpu = time.process_time() - cpu
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                sql = sum(d for *_, d in recorder.calls)
                samples.append((total * 1000, sql * 1000, len(recorder.calls), size, cpu * 1000))
                for text, params, seconds in recorder.calls:
                    entry = statements.setdefault(text, {"times": [], "params": params})
                    entry["times"].append(seconds * 1000)
        except Exception as exc:  # noqa: BLE001 a broken page is a finding, not a stop
            result["error"] = f"{type(exc).__name__}: {exc}"
            print(f"    ERROR {result['error']}", flush=True)
            self.results.append(result)
            return result
        reps = self.args.reps
        result.update(
            statuses=statuses,
            median=statistics.median(s[0] for s in samples),
            p95=percentile([s[0] for s in samples], 0.95),
            sql=statistics.median(s[1] for s in samples),
            queries=statistics.median(s[2] for s in samples),
            django=statistics.median(s[0] - s[1] for s in samples),
            bytes=statistics.median(s[3] for s in samples),
            cpu=statistics.median(s[4] for s in samples),
            statements=sorted(
                (
                    {
                        "sql": text,
                        "params": _jsonable(info["params"]),
                        "calls_per_request": len(info["times"]) / reps,
                        "median_ms": statistics.median(info["times"]),
                        "ms_per_request": sum(info["times"]) / reps,
                    }
                    for text, info in statements.items()
                ),
                key=lambda s: s["ms_per_request"],
                reverse=True,
            ),
        )
        if set(statuses) != {200}:
            result["error"] = f"status codes {statuses}"
        print(
            f"    median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms, "
            f"{result['queries']:.0f} queries, SQL {result['sql']:.1f} ms",
            flush=True,
        )
        self.results.append(result)
        return result

    def explain_slowest(self):
        """EXPLAIN (ANALYZE, BUFFERS) the slowest statement of every page."""
        from django.db import connection

        for result in self.results:
            statements = result.get("statements") or []
            if not statements:
                continue
            slowest = statements[0]
            params = slowest["params"]
            try:
                with connection.cursor() as cursor:
                    if connection.vendor == "postgresql":
                        cursor.execute(
                            "EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"], params or None
                        )
                    else:
                        cursor.execute("EXPLAIN QUERY PLAN " + slowest["sql"], params or ())
                    plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
            except Exception as exc:  # noqa: BLE001
                plan = f"(EXPLAIN failed: {exc})"
            slowest["explain"] = plan


def _jsonable(params):
    if params is None:
        return None
    if isinstance(params, dict):
        return {k: _jsonable_value(v) for k, v in params.items()}
    return [_jsonable_value(v) for v in params]


def _jsonable_value(value):
    if isinstance(value, (list, tuple)):
        return [_jsonable_value(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def route_exists(path):
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
        return True
    except Resolver404:
        return False


def measure_pages(bench, args):
    from coordination.models import Agreement, OutreachEvent

    published = OutreachEvent.objects.published()
    rng = random.Random(42)
    ids = list(published.filter(is_demo=True).values_list("id", flat=True).order_by("id"))
    detail_urls = [f"/activities/{pk}/" for pk in rng.sample(ids, min(30, len(ids)))]
    regulation = Agreement.objects.in_force_regulation()
    month = f"date_after={MONTH[0]}&date_before={MONTH[1]}"
    q_common = urllib.parse.urlencode({"q": COMMON_WORDS})
    q_rare = urllib.parse.urlencode({"q": RARE_PHRASE})
    list_pages = [
        ("unfiltered", "/activities/", "list"),
        (f"province big ({BIG_PROVINCE})", f"/activities/?province={BIG_PROVINCE}", "list"),
        (f"province small ({SMALL_PROVINCE})", f"/activities/?province={SMALL_PROVINCE}", "list"),
        ("branch (busy upper-level)", f"/activities/?branch={BUSY_BRANCH}", "list"),
        ("focus area", f"/activities/?focus_area={FOCUS_AREA}", "list"),
        ("one month", f"/activities/?{month}", "list"),
        (
            "four filters combined",
            f"/activities/?province={BIG_PROVINCE}&branch={BUSY_BRANCH}"
            f"&focus_area={FOCUS_AREA}&{month}",
            "list",
        ),
        ("deep page (2000)", "/activities/?page=2000", "deep"),
        (f"search common ({COMMON_WORDS})", f"/activities/?{q_common}", "search"),
        (f"search rare ({RARE_PHRASE})", f"/activities/?{q_rare}", "search"),
    ]
    print("Public list", flush=True)
    for name, url, kind in list_pages:
        bench.page("Public list /activities/", name, url, TARGETS[kind])
    print("Other public pages", flush=True)
    section = "Other public pages"
    bench.page(section, "activity detail", detail_urls, TARGETS["page"], note="30 different ids")
    bench.page(section, "agreement", f"/agreements/{regulation.pk}/", TARGETS["page"])
    bench.page(section, "branch page", f"/branches/{BUSY_BRANCH}/", TARGETS["page"])
    bench.page(section, "province page", f"/provinces/{BIG_PROVINCE}/", TARGETS["page"])
    bench.page(section, "home", "/", None, note="no target given")
    bench.page(section, "branch tree", "/branches/", None, note="no target given")
    bench.page(section, "province list", "/provinces/", None, note="no target given")

    if route_exists("/dashboard/"):
        print("Dashboard", flush=True)
        section = "Dashboard /dashboard/"
        bench.page(section, "unfiltered", "/dashboard/", TARGETS["dashboard"])
        for name, query in [
            (f"province ({BIG_PROVINCE})", f"province={BIG_PROVINCE}"),
            ("branch (busy upper-level)", f"branch={BUSY_BRANCH}"),
            ("focus area", f"focus_area={FOCUS_AREA}"),
            ("activity type", f"type={ACTIVITY_TYPE}"),
            ("one month", month),
        ]:
            bench.page(section, name, f"/dashboard/?{query}", TARGETS["dashboard"])
        bench.page(
            section,
            "two filters (province and type: not in the tallies)",
            f"/dashboard/?province={BIG_PROVINCE}&type={ACTIVITY_TYPE}",
            None,
            note="no target given",
        )
        bench.page(
            section,
            f"search ({COMMON_WORDS})",
            f"/dashboard/?{q_common}",
            TARGETS["dashboard_search"],
        )

    if route_exists("/api/v1/"):
        print("Open-data API", flush=True)
        section = "API /api/v1/"
        api_pages = [
            ("activities, unfiltered", "/api/v1/activities/", "list"),
            (
                f"activities, province ({BIG_PROVINCE})",
                f"/api/v1/activities/?province={BIG_PROVINCE}",
                "list",
            ),
            ("activities, 100 a page", "/api/v1/activities/?page_size=100", "list"),
            ("activities, deep page (2000)", "/api/v1/activities/?page=2000", "deep"),
            ("activity", [f"/api/v1{url}" for url in detail_urls], "page"),
            ("stats, unfiltered", "/api/v1/stats/", "dashboard"),
            (
                f"stats, province ({BIG_PROVINCE})",
                f"/api/v1/stats/?province={BIG_PROVINCE}",
                "dashboard",
            ),
        ]
        for name, url, kind in api_pages:
            bench.page(section, name, url, TARGETS[kind])
        bench.page(section, "schema", "/api/v1/schema/", None, note="built once per version")

    print("Admin", flush=True)
    section = "Admin change list"
    admin_url = "/admin/coordination/outreachevent/"
    filtered = f"{admin_url}?status__exact=published&province={BIG_PROVINCE}"
    for user, label in [("admin", "superuser"), ("entry", f"data entry ({BUSY_BRANCH})")]:
        bench.page(section, f"{label}, unfiltered", admin_url, TARGETS["admin"], user=user)
        bench.page(
            section, f"{label}, published in {BIG_PROVINCE}", filtered, TARGETS["admin"], user=user
        )
    bench.page(
        section,
        f"superuser, search ({COMMON_WORDS})",
        f"{admin_url}?{q_common}",
        TARGETS["admin"],
        user="admin",
    )


# Exports ----------------------------------------------------------------------------------


def export_worker(args):
    """Child process: one export request through the test client; prints JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    recorder = Recorder()
    started = time.perf_counter()
    with connection.execute_wrapper(recorder):
        response = client.get(args.export_worker)
        size, lines = 0, 0
        chunks = response.streaming_content if response.streaming else [response.content]
        for chunk in chunks:
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "status": response.status_code,
                "bytes": size,
                "lines": lines,
                "seconds": seconds,
                "queries": len(recorder.calls),
                "sql_seconds": sum(d for *_, d in recorder.calls),
            }
        )
    )


def run_export(url):
    """Run the export in a child process; its wall time and peak RSS (os.wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--export-worker", url],
        stdout=subprocess.PIPE,
        env=os.environ.copy(),
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    try:
        result = json.loads(output.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        result = {"error": f"worker exited {process.returncode}: {output[-500:]!r}"}
    result.update(wall=wall, max_rss_mb=usage.ru_maxrss / 1024, exit=process.returncode)
    return result


def measure_exports(args):
    from coordination.models import OutreachEvent

    results = []
    if not (route_exists("/activities/export.csv") and route_exists("/activities/export.xlsx")):
        print("Exports not found; skipped.")
        return results
    published = OutreachEvent.objects.published()
    total = published.count()
    # XLSX: the most recent ~100,000 published activities, by a date filter.
    dated = published.filter(start_date__isnull=False).order_by("-start_date")
    if dated.count() > XLSX_ROWS:
        since = dated.values_list("start_date", flat=True)[XLSX_ROWS - 1]
        xlsx_query = f"?date_after={since.isoformat()}"
        xlsx_rows = published.filter(start_date__gte=since).count()
    else:
        xlsx_query, xlsx_rows = "", total
    print("Exports (child processes)", flush=True)
    for name, url, expected, target in [
        ("CSV, all published", "/activities/export.csv", total, CSV_TARGET),
        (
            f"XLSX, ~{min(XLSX_ROWS, total):,} rows",
            f"/activities/export.xlsx{xlsx_query}",
            xlsx_rows,
            XLSX_TARGET,
        ),
    ]:
        print(f"  {name} {url}", flush=True)
        result = run_export(url)
        result.update(name=name, url=url, expected_rows=expected, target=target)
        print(
            f"    {result.get('seconds', 0):.1f} s request, {result['wall']:.1f} s process, "
            f"{result['max_rss_mb']:.0f} MB peak",
            flush=True,
        )
        results.append(result)
    return results


# Throughput -------------------------------------------------------------------------------


def wait_for_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def python_load(url, clients, seconds):
    """A small threaded HTTP/1.1 client, used when wrk is not installed."""
    import http.client

    parts = urllib.parse.urlparse(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    stop = time.time() + seconds
    counts = {"ok": 0, "errors": 0}
    latencies = []
    lock = threading.Lock()

    def worker():
        connection = None
        while time.time() < stop:
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                started = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    counts["ok" if response.status == 200 else "errors"] += 1
                    latencies.append(elapsed * 1000)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except OSError:
                with lock:
                    counts["errors"] += 1
                connection = None

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "tool": "python http.client threads",
        "requests": counts["ok"] + counts["errors"],
        "errors": counts["errors"],
        "rps": (counts["ok"] + counts["errors"]) / elapsed,
        "latency_ms": {
            "p50": percentile(latencies, 0.5) if latencies else None,
            "p90": percentile(latencies, 0.9) if latencies else None,
            "p99": percentile(latencies, 0.99) if latencies else None,
        },
    }


def wrk_load(url, clients, seconds):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    latency = {
        key: _wrk_ms(match.group(1))
        for key in ("50", "90", "99")
        if (match := re.search(rf"^\s+{key}%\s+(\S+)", output, re.M))
    }
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        # Gunicorn's sync workers close every connection after the response; wrk counts a
        # few of those as read errors while reconnecting. Connect, write and timeouts count.
        connect, read, write, timeout = (int(g) for g in socket_errors.groups())
        errors += connect + write + timeout
    return {
        "tool": f"wrk -t2 -c{clients}",
        "requests": int(total.group(1)) if total else 0,
        "errors": errors,
        "socket_errors": socket_errors.group(0) if socket_errors else "none",
        "rps": float(rps.group(1)) if rps else 0.0,
        "latency_ms": {f"p{k}": v for k, v in latency.items()},
        "raw": output,
    }


def _wrk_ms(text):
    value = float(re.sub(r"[a-z]+$", "", text))
    if text.endswith("us"):
        return value / 1000
    if text.endswith("ms"):
        return value
    if text.endswith("s"):
        return value * 1000
    return value


def measure_throughput(args):
    """Twice: with the public page cache as deployed, then without it (every request built)."""
    return [measure_throughput_once(args, cache_seconds) for cache_seconds in (600, 0)]


def measure_throughput_once(args, cache_seconds):
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    if not gunicorn.exists():
        gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_PAGE_CACHE_SECONDS": str(cache_seconds),
    }
    command = [
        str(gunicorn),
        "config.wsgi",
        "-w",
        str(GUNICORN_WORKERS),
        "-b",
        f"127.0.0.1:{GUNICORN_PORT}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
    ]
    url = f"http://127.0.0.1:{GUNICORN_PORT}/activities/?province={BIG_PROVINCE}"
    cache = f"page cache {cache_seconds} s" if cache_seconds else "page cache off"
    print(
        f"Throughput ({cache}): {' '.join(command[1:])}; 16 clients, {args.throughput_seconds} s",
        flush=True,
    )
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        if not wait_for_port(GUNICORN_PORT):
            return {"error": "gunicorn did not start", "url": url, "cache": cache}
        python_load(url, 3, 3)  # warm every worker (templates, connections)
        if shutil.which("wrk"):
            result = wrk_load(url, 16, args.throughput_seconds)
        else:
            result = python_load(url, 16, args.throughput_seconds)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        wait_for_port_free(GUNICORN_PORT)
    result.update(
        url=url,
        workers=GUNICORN_WORKERS,
        clients=16,
        seconds=args.throughput_seconds,
        cache=cache,
        cached=bool(cache_seconds),
    )
    print(f"    {result['rps']:.1f} req/s, {result['errors']} errors", flush=True)
    return result


def wait_for_port_free(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.2)


# Report -----------------------------------------------------------------------------------


def machine_info():
    from django.db import connection

    info = {"nproc": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.+)", cpuinfo).group(1).strip()
    except (OSError, AttributeError):
        info["cpu"] = platform.processor() or "unknown"
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        info["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        info["memory"] = "unknown"
    import django

    info["python"] = platform.python_version()
    info["django"] = django.get_version()
    info["sqlite"] = sqlite3.sqlite_version
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT name, setting, unit FROM pg_settings WHERE name IN "
                "('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', "
                "'jit', 'max_parallel_workers_per_gather')"
            )
            info["pg_settings"] = ", ".join(
                f"{name}={setting}{unit or ''}" for name, setting, unit in cursor.fetchall()
            )
    try:
        info["commit"] = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        info["dirty"] = bool(dirty)
    except OSError:
        info["commit"], info["dirty"] = "unknown", False
    return info


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def met(ok):
    return "met" if ok else "**not met**"


def target_text(target):
    if not target:
        return "—"
    median, p95 = target
    return f"≤{median} ms" + (f" / p95 ≤{p95}" if p95 else "")


def page_met(result):
    target = result.get("target")
    if result.get("error"):
        return "**error**"
    if not target:
        return "—"
    median, p95 = target
    return met(result["median"] <= median and (p95 is None or result["p95"] <= p95))


def shorten_sql(sql, limit=160):
    """SELECT <many columns> FROM … → SELECT … FROM …, then cut at the limit."""
    text = " ".join(sql.split())
    if text.upper().startswith("SELECT "):
        depth, i = 0, 7
        while i < len(text) - 6:
            char = text[i]
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            elif depth == 0 and text[i : i + 6].upper() == " FROM ":
                columns = text[7:i]
                if len(columns) > 60:
                    text = "SELECT … " + text[i + 1 :]
                break
            i += 1
    return text if len(text) <= limit else text[: limit - 1] + "…"


def inline_params(sql, params):
    from django.db import connection

    if params and connection.vendor == "postgresql":
        compose = getattr(connection.ops, "compose_sql", None)
        if compose:
            try:
                return compose(sql, params)
            except Exception:  # noqa: BLE001 display only
                pass
    if isinstance(params, (list, tuple)):
        try:
            return sql % tuple(repr(p) for p in params)
        except (TypeError, ValueError):
            pass
    return f"{sql}  -- params: {params!r}"


def write_report(path, args, info, setup, results, exports, throughput, started, load_before):
    lines = []
    add = lines.append
    title_db = "PostgreSQL" if args.db == "postgres" else "SQLite"
    add(f"# Benchmark: {args.events:,} activities on {title_db}")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC by `bench/run.py{' --quick' if args.quick else ''} "
        f"--db {args.db} --events {args.events}`; commit `{info['commit']}`"
        + (" with uncommitted changes in the working tree" if info["dirty"] else "")
        + "."
    )
    add("")
    add("| machine | |")
    add("|---|---|")
    add(f"| CPU | {info['nproc']} × {info['cpu']} |")
    add(f"| memory | {info['memory']} |")
    add(f"| Python / Django | {info['python']} / {info['django']} |")
    if "postgresql" in info:
        add(f"| PostgreSQL | {info['postgresql']} ({info['pg_settings']}) |")
    add(f"| SQLite | {info['sqlite']} |")
    add(f"| load average before / after | {load_before} / {load_average()} |")
    add("")
    add(
        "**How it is measured.** Pages are requested in-process through Django's test client "
        "(`django.test.Client`: the full middleware stack, sessions and templates with "
        f"DEBUG off, no network and no gunicorn), {args.warmup} unmeasured then {args.reps} "
        "measured requests each; *median* and *p95* (nearest rank) are the whole request. "
        "Every SQL statement is timed with `connection.execute_wrapper` (server time plus the "
        "driver receiving the rows); *SQL ms* is their sum per request and *Django ms* is the "
        "page time minus the SQL time (Python: ORM row building, forms, templates, "
        "middleware). Both are medians over the requests. Exports run in a child process "
        "whose peak memory is read with `os.wait4`; throughput is gunicorn "
        f"({GUNICORN_WORKERS} sync workers) under 16 concurrent clients on 127.0.0.1, once with "
        "the public page cache as deployed and once without. Pages are timed with the page "
        "cache off, so their figures are the work of building each page. The machine is "
        "shared: see the load average above."
    )
    add("")
    if args.db != "postgres" or args.events != 1_000_000:
        add(
            "*The targets are set for PostgreSQL with 1,000,000 activities; this run is "
            "smaller, so met / not met is only indicative.*"
        )
        add("")

    # Scorecard.
    add("## Scorecard")
    add("")
    add(
        f"Pages: the time target on the median (and p95 where given), and Django's own share "
        f"(page time minus SQL time) ≤{DJANGO_SHARE_MS} ms. Why the misses are what they are: "
        "[bench/README.md, Known misses](README.md#known-misses)."
    )
    add("")
    add("| what | measured | target | time | Django share |")
    add("|---|---|---|---|---|")
    if setup.get("generate_seconds") is not None:
        seconds = setup["generate_seconds"]
        when = " (earlier run)" if setup.get("reused") else ""
        add(
            f"| generate {setup['events']:,} activities{when} | {seconds:.0f} s | "
            f"≤{GENERATE_TARGET_S} s | {met(seconds <= GENERATE_TARGET_S)} | |"
        )
    for result in results:
        if result.get("target") is None:
            continue
        user = f" (as {result['user']})" if result["user"] else ""
        what = f"{result['section']}: {result['name']}{user}"
        if "median" not in result:
            add(f"| {what} | {result['error']} | {target_text(result['target'])} | **error** | |")
            continue
        add(
            f"| {what} | {result['median']:.1f} ms (p95 {result['p95']:.1f}), "
            f"SQL {result['sql']:.1f}, Django {result['django']:.1f} | "
            f"{target_text(result['target'])} | {page_met(result)} | "
            f"{met(result['django'] <= DJANGO_SHARE_MS)} |"
        )
    for export in exports:
        seconds, mb = export["target"]
        if "error" in export:
            add(
                f"| {export['name']} | {export['error']} | ≤{seconds:.0f} s, ≤{mb} MB "
                "| **error** | |"
            )
            continue
        ok = export["wall"] <= seconds and export["max_rss_mb"] <= mb and export["status"] == 200
        add(
            f"| {export['name']} | {export['wall']:.1f} s, {export['max_rss_mb']:.0f} MB | "
            f"≤{seconds:.0f} s, ≤{mb} MB | {met(ok)} | |"
        )
    for run in throughput or []:
        what = f"throughput `{run['url'].split(str(GUNICORN_PORT))[1]}` ({run['cache']}"
        if "error" in run:
            add(f"| {what}) | {run['error']} | ≥{THROUGHPUT_TARGET} req/s | **error** | |")
        elif run["cached"]:
            ok = run["rps"] >= THROUGHPUT_TARGET and run["errors"] == 0
            add(
                f"| {what}, as deployed) | {run['rps']:.0f} req/s, {run['errors']} errors | "
                f"≥{THROUGHPUT_TARGET} req/s, 0 errors | {met(ok)} | |"
            )
        else:
            add(
                f"| {what}, every page built) | {run['rps']:.0f} req/s, {run['errors']} errors "
                "| for comparison | | |"
            )
    add("")

    # Setup.
    add("## Data")
    add("")
    if setup.get("generate_output"):
        verb = "Generated earlier" if setup.get("reused") else "Generated in this run"
        add(f"{verb} ({setup.get('generated_at', '?')}) by `generate_demo_data`:")
        add("")
        add("```")
        add(setup["generate_output"])
        add("```")
        if setup.get("vacuum_seconds"):
            add("")
            add(
                f"Then `VACUUM ANALYZE` ({setup['vacuum_seconds']:.0f} s), as autovacuum would "
                "do after a bulk load, so every run starts from the same state."
            )
    add("")

    # Page tables by section.
    sections = []
    for result in results:
        if result["section"] not in sections:
            sections.append(result["section"])
    for section in sections:
        add(f"## {section}")
        add("")
        add(
            "| page | URL | median ms | p95 ms | queries | SQL ms | Django ms | CPU ms "
            "| target | met |"
        )
        add("|---|---|---:|---:|---:|---:|---:|---:|---|---|")
        for result in (r for r in results if r["section"] == section):
            user = f" (as {result['user']})" if result["user"] else ""
            if "median" not in result:
                add(
                    f"| {result['name']}{user} | `{result['url']}` | — | — | — | — | — | — | "
                    f"{target_text(result['target'])} | **error**: {result['error']} |"
                )
                continue
            django_flag = "" if result["django"] <= DJANGO_SHARE_MS else " ⚠"
            add(
                f"| {result['name']}{user} | `{result['url']}` | {result['median']:.1f} | "
                f"{result['p95']:.1f} | {result['queries']:.0f} | {result['sql']:.1f} | "
                f"{result['django']:.1f}{django_flag} | {result['cpu']:.1f} | "
                f"{target_text(result['target'])} | "
                f"{page_met(result)} |"
            )
        add("")
        add(
            f"⚠ = Django's own share above {DJANGO_SHARE_MS} ms. *CPU ms* is this process's "
            "CPU time per request (Python, including the driver): when it is well below "
            "*Django ms*, the process was waiting for a CPU (a busy machine)."
        )
        add("")

    # Exports.
    if exports:
        add("## Exports")
        add("")
        add(
            "| export | URL | rows expected | lines written | MB | request s | process s | "
            "peak RSS MB | queries | SQL s | target | met |"
        )
        add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
        for export in exports:
            seconds, mb = export["target"]
            if "error" in export:
                add(f"| {export['name']} | `{export['url']}` | {export['error']} |")
                continue
            ok = export["wall"] <= seconds and export["max_rss_mb"] <= mb
            lines_written = f"{export['lines']:,}" if "csv" in export["url"] else "—"
            add(
                f"| {export['name']} | `{export['url']}` | {export['expected_rows']:,} | "
                f"{lines_written} | "
                f"{export['bytes'] / 1e6:.1f} | {export['seconds']:.1f} | "
                f"{export['wall']:.1f} | {export['max_rss_mb']:.0f} | {export['queries']} | "
                f"{export['sql_seconds']:.1f} | ≤{seconds:.0f} s, ≤{mb} MB | {met(ok)} |"
            )
        add("")
        add(
            "*Process s* includes starting Python and Django in the child (about a second); "
            "*peak RSS* is the child's maximum resident memory. *Lines written* counts the CSV's "
            "lines, header included."
        )
        add("")

    if throughput:
        add("## Throughput")
        add("")
        add(
            "| URL | page cache | tool | workers | clients | seconds | requests | req/s | errors "
            "| p50 ms | p90 ms | p99 ms |"
        )
        add("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for run in throughput:
            if "error" in run:
                add(f"| `{run['url']}` | {run['cache']} | error: {run['error']} |" + " |" * 9)
                continue
            latency = run.get("latency_ms", {})
            add(
                f"| `{run['url']}` | {run['cache']} | {run['tool']} | {run['workers']} | "
                f"{run['clients']} | {run['seconds']} | {run['requests']:,} | "
                f"{run['rps']:.1f} | {run['errors']} | "
                + " | ".join(
                    f"{latency.get(k):.0f}" if latency.get(k) is not None else "—"
                    for k in ("p50", "p90", "p99")
                )
                + " |"
            )
        if any(run.get("socket_errors") for run in throughput):
            add("")
            add(
                "wrk: socket errors "
                + ", ".join(str(run.get("socket_errors")) for run in throughput)
                + " (gunicorn's sync workers close each connection after the response; read "
                "errors while reconnecting are not failed requests)."
            )
        add("")

    # Slowest SQL.
    add("## Slowest SQL per page")
    add("")
    add(
        "The three statements with the most time per request (median ms per call × calls per "
        "request), and the plan of the slowest one, re-run once with EXPLAIN ANALYZE after the "
        "measurements."
    )
    add("")
    for result in results:
        statements = result.get("statements")
        if not statements:
            continue
        user = f" (as {result['user']})" if result["user"] else ""
        add(f"### {result['section']}: {result['name']}{user}")
        add("")
        add("| ms/request | calls | median ms/call | statement |")
        add("|---:|---:|---:|---|")
        for statement in statements[:3]:
            add(
                f"| {statement['ms_per_request']:.1f} | {statement['calls_per_request']:g} | "
                f"{statement['median_ms']:.1f} | `{shorten_sql(statement['sql'])}` |"
            )
        slowest = statements[0]
        add("")
        add("<details><summary>slowest statement and its plan</summary>")
        add("")
        add("```sql")
        add(shorten_sql(inline_params(slowest["sql"], slowest["params"]), limit=100_000))
        add("```")
        if slowest.get("explain"):
            add("")
            add("```")
            add(slowest["explain"])
            add("```")
        add("")
        add(f"All {len(statements)} distinct statements (ms per request, calls, SQL):")
        add("")
        for statement in statements:
            add(
                f"- {statement['ms_per_request']:.2f} ms, {statement['calls_per_request']:g}×: "
                f"`{shorten_sql(statement['sql'], 400)}`"
            )
        add("")
        add("</details>")
        add("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# Main -------------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    configure_environment(args)
    if args.export_worker:
        export_worker(args)
        return 0

    started = datetime.datetime.now(datetime.UTC)
    load_before = load_average()
    print(f"Benchmark on {args.db}, {args.events:,} activities ({os.environ['DATABASE_URL']})")
    setup = setup_database(args)
    users = ensure_users()
    info = machine_info()

    bench = Bench(args, users)
    measure_pages(bench, args)
    bench.explain_slowest()
    exports = [] if args.skip_exports else measure_exports(args)
    throughput = None if args.skip_throughput else measure_throughput(args)

    if args.output:
        output = Path(args.output)
    elif args.db == "postgres" and not args.quick:
        output = ROOT / "bench" / "report.md"
    else:
        output = DATA_DIR / f"report-{args.db}{'-quick' if args.quick else ''}.md"
    write_report(
        output, args, info, setup, bench.results, exports, throughput, started, load_before
    )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Raw figures beside the report's name, so a partial run (--only) keeps the full one's.
    stem = Path(args.output).stem if args.output else f"results-{args.db}-{args.events}"
    raw = DATA_DIR / f"{stem}.json"
    raw.write_text(
        json.dumps(
            {
                "args": vars(args),
                "machine": info,
                "setup": setup,
                "pages": bench.results,
                "exports": exports,
                "throughput": throughput,
            },
            indent=1,
            ensure_ascii=False,
            default=str,
        )
    )
    print(f"Report: {output}\nRaw figures: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
