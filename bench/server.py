"""gunicorn with the production settings on 127.0.0.1, started and stopped by the bench."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from bench.targets import GUNICORN_WORKERS

ROOT = Path(__file__).resolve().parent.parent


def _gunicorn():
    local = ROOT / ".venv" / "bin" / "gunicorn"
    return str(local if local.exists() else shutil.which("gunicorn") or "gunicorn")


@contextlib.contextmanager
def gunicorn(port, cache_seconds=0, redis_url=None, workers=GUNICORN_WORKERS):
    """Serve on 127.0.0.1:port; yield the master's process. The page cache is on for
    `cache_seconds`, in Redis when `redis_url` is given, else in each worker's memory."""
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_PAGE_CACHE_SECONDS": str(cache_seconds),
    }
    env.pop("DEBUG", None)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    command = [_gunicorn(), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += ["--chdir", str(ROOT), "--log-level", "warning"]
    wait_for_port_free(port)
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        if not wait_for_port(port):
            raise RuntimeError(f"gunicorn did not start on 127.0.0.1:{port}")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        wait_for_port_free(port)


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def wait_for_port_free(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.2)


def worker_pids(master):
    try:
        path = Path(f"/proc/{master.pid}/task/{master.pid}/children")
        return [int(pid) for pid in path.read_text().split()]
    except OSError:
        return []


def peak_rss_mb(pids):
    """The largest peak resident memory (VmHWM) among the processes, in MB."""
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=None)
