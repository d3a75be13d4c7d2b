"""What users get: pages and exports requested over HTTP from gunicorn, one at a time."""

import http.client
import statistics
import threading
import time

from bench.stats import percentile

TIMEOUT_S = 600


def fetch(port, url, cookie=None):
    """(status, bytes, lines, seconds) of one GET on a fresh connection, body read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    headers = {"Cookie": cookie} if cookie else {}
    started = time.perf_counter()
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        size = lines = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
        return response.status, size, lines, time.perf_counter() - started
    finally:
        connection.close()


def measure(page, port, cookie, reps, warmup):
    urls = page.urls
    for i in range(warmup):
        fetch(port, urls[i % len(urls)], cookie)
    times, statuses, sizes = [], {}, []
    for i in range(reps):
        status, size, _lines, seconds = fetch(port, urls[i % len(urls)], cookie)
        statuses[status] = statuses.get(status, 0) + 1
        times.append(seconds * 1000)
        sizes.append(size)
    result = {
        "statuses": statuses,
        "median": statistics.median(times),
        "p95": percentile(times, 0.95),
        "bytes": statistics.median(sizes),
    }
    if set(statuses) != {200}:
        result["error"] = f"status codes {statuses}"
    return result


def warm_up(pages, port, cookies, threads=6):
    """Every page a few times at once, so that each gunicorn worker has drawn each template
    and opened its database connection before anything is timed."""
    requests = [(url, cookies[page.user]) for page in pages for url in page.urls[:3]]

    def client():
        for url, cookie in requests:
            try:
                fetch(port, url, cookie)
            except OSError:
                pass

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def measure_all(pages, port, cookies, reps, warmup):
    """{page label: result} over HTTP, one request at a time, after a warm-up of all."""
    warm_up(pages, port, cookies)
    results = {}
    for page in pages:
        print(f"  HTTP {page.label}", flush=True)
        try:
            result = measure(page, port, cookies[page.user], reps, warmup)
        except OSError as exc:
            result = {"error": f"{type(exc).__name__}: {exc}"}
        if "median" in result:
            print(f"    median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms", flush=True)
        results[page.label] = result
    return results
