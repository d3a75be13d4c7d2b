"""What the report says about the machine and the code it measured."""

import os
import platform
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine_info(redis_url=None):
    import django

    info = {"nproc": os.cpu_count(), "cpu": _cpu(), "memory": _memory()}
    info["python"] = platform.python_version()
    info["django"] = django.get_version()
    info.update(_postgresql())
    info["redis"] = _redis(redis_url)
    info.update(_git())
    return info


def _cpu():
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        return re.search(r"model name\s*:\s*(.+)", cpuinfo).group(1).strip()
    except (OSError, AttributeError):
        return platform.processor() or "unknown"


def _memory():
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        return "unknown"


def _postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT name, setting, unit FROM pg_settings WHERE name IN "
            "('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', "
            "'jit', 'max_parallel_workers_per_gather')"
        )
        settings = ", ".join(f"{n}={s}{u or ''}" for n, s, u in cursor.fetchall())
    return {"postgresql": version, "pg_settings": settings}


def _redis(url):
    if not url:
        return "not used (no --redis-url)"
    try:
        import redis

        server = redis.Redis.from_url(url, socket_timeout=2)
        about = server.info()
        memory = server.config_get("maxmemory*")
    except Exception as exc:  # noqa: BLE001 the report says why
        return f"{url}: not reachable ({type(exc).__name__})"
    limits = ", ".join(f"{k}={v}" for k, v in sorted(memory.items()))
    return f"{about.get('redis_version')} at {url} ({limits})"


def _git():
    def git(*args):
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        ).stdout.strip()

    try:
        # The reports are the bench's own output: a report left from a run is not the code.
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/*.md")
        return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(dirty)}
    except OSError:
        return {"commit": "unknown", "dirty": False}
