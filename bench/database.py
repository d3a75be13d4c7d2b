"""Setting the bench up: environment, database, demo data and the signed-in users."""

import datetime
import json
import os
import time
import urllib.parse
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/coordination_bench"
SQLITE_PATH = ROOT / "var" / "bench.sqlite3"
STATE_FILE = ROOT / "var" / "bench-state.json"


def database_url(args):
    if args.db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else DEFAULT_PG


def configure_environment(args):
    """Production settings (DEBUG off) with the bench's static root; no shared cache here."""
    os.environ["DATABASE_URL"] = database_url(args)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.pop("DEBUG", None)
    # The in-process runs use the per-process cache; gunicorn gets REDIS_URL when asked.
    os.environ.pop("REDIS_URL", None)


def _admin_url(url):
    parts = urllib.parse.urlparse(url)
    return parts.path.lstrip("/"), parts._replace(path="/postgres").geturl()


def ensure_postgres_database(url):
    """Create the database when it is missing (connecting to the 'postgres' one)."""
    import psycopg

    name, admin = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def recreate_postgres_database(url):
    import psycopg

    name, admin = _admin_url(url)
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

    url = os.environ["DATABASE_URL"]
    if args.db == "postgres":
        ensure_postgres_database(url)
    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from coordination.models import OutreachEvent

    state = load_state()
    have = OutreachEvent.objects.filter(is_demo=True).count()
    if have == args.events:
        print(f"Demo data with {have:,} activities already there; not regenerating.")
        known = state.get(url, {})
        if known.get("events") != have:
            known = {"events": have, "generate_seconds": None}
        return known | {"reused": True}
    entry = _generate(args, url)
    state[url] = entry
    save_state(state)
    return entry | {"reused": False}


def _is_bench_database(url):
    return "bench" in urllib.parse.urlparse(url).path


def _generate(args, url):
    """Start from an empty database (a bench one holds only seeds and demo data) and fill it."""
    from django.core.management import call_command
    from django.db import connection

    if args.db == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    elif _is_bench_database(url):
        connection.close()
        recreate_postgres_database(url)
    call_command("migrate", interactive=False, verbosity=0)
    clear = args.db == "postgres" and not _is_bench_database(url)
    print(f"Generating {args.events:,} demo activities…", flush=True)
    out = StringIO()
    started = time.perf_counter()
    call_command("generate_demo_data", events=args.events, seed=args.seed, clear=clear, stdout=out)
    seconds = time.perf_counter() - started
    print(out.getvalue().strip())
    return {
        "events": args.events,
        "generate_seconds": round(seconds, 1),
        "generate_output": out.getvalue().strip(),
        "vacuum_seconds": _vacuum(),
        "generated_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _vacuum():
    """What autovacuum does soon after a bulk load in real life: the visibility map
    (index-only scans) and the statistics. Done here so every run starts the same."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return round(time.perf_counter() - started, 1)


def ensure_users():
    """bench-admin (superuser) and bench-entry (data entry for the busy branch)."""
    from django.contrib.auth import get_user_model

    from bench.targets import BUSY_BRANCH
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


def signed_in_clients(users):
    """A test client per user (None: anonymous), signed in through the database sessions
    that gunicorn reads too."""
    from django.test import Client

    clients = {None: Client()}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        clients[name] = client
    return clients


def session_cookies(clients):
    """The Cookie header of each signed-in client, for requests over HTTP."""
    from django.conf import settings

    name = settings.SESSION_COOKIE_NAME
    return {
        user: (f"{name}={client.cookies[name].value}" if user else None)
        for user, client in clients.items()
    }
