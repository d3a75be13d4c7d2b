"""16 concurrent clients for a fixed time, in a few processes so that the client's own
Python is not the bottleneck (4 processes × 4 threads; they share the 2 cores with gunicorn
and PostgreSQL, which the report says). Only 127.0.0.1; the loop stops by itself."""

import http.client
import multiprocessing
import threading
import time

from bench.mixes import Mix
from bench.stats import percentile

PROCESSES = 4


def _client(port, mix, deadline, out):
    while time.monotonic() < deadline:
        url = mix()
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            status = response.status
            connection.close()
        except OSError:
            status = 0
        out.append((time.perf_counter() - started, status, url))


def _process(port, name, vocabulary, seeds, seconds, warmup, queue):
    deadline = time.monotonic() + warmup
    threads_out = [[] for _ in seeds]
    mixes = [Mix(name, vocabulary, seed) for seed in seeds]
    if warmup:
        _run_threads(port, mixes, deadline, [[] for _ in seeds])
    started = time.monotonic()
    _run_threads(port, mixes, started + seconds, threads_out)
    elapsed = time.monotonic() - started
    queue.put((elapsed, [sample for out in threads_out for sample in out]))


def _run_threads(port, mixes, deadline, outs):
    threads = [
        threading.Thread(target=_client, args=(port, mix, deadline, out))
        for mix, out in zip(mixes, outs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run(port, name, vocabulary, seconds, clients=16, warmup=0, seed=1):
    """Requests/s, errors and latency percentiles of `clients` clients on mix `name`.

    The first `warmup` seconds are not counted (templates, connections, a cache's first
    fill); long-tail URLs are new also after the warm-up, each client keeping its own.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    per_process = [list(range(i, clients, PROCESSES)) for i in range(PROCESSES)]
    processes = [
        context.Process(
            target=_process,
            args=(port, name, vocabulary, [seed * 1000 + s for s in seeds], seconds, warmup, queue),
        )
        for seeds in per_process
        if seeds
    ]
    for process in processes:
        process.start()
    results = [queue.get(timeout=seconds + warmup + 120) for _ in processes]
    for process in processes:
        process.join()
    return _summary(name, clients, seconds, results)


def _summary(name, clients, seconds, results):
    elapsed = max(e for e, _ in results)
    samples = [s for _, batch in results for s in batch]
    latencies = [s[0] * 1000 for s in samples]
    statuses = {}
    for _, status, _ in samples:
        statuses[status] = statuses.get(status, 0) + 1
    errors = sum(n for status, n in statuses.items() if status != 200)
    return {
        "mix": name,
        "clients": clients,
        "seconds": seconds,
        "requests": len(samples),
        "distinct_urls": len({s[2] for s in samples}),
        "rps": len(samples) / elapsed if elapsed else 0.0,
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "latency_ms": {
            "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99),
        },
    }
