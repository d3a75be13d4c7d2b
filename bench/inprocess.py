"""The diagnosis: each page in-process through Django's test client, every SQL statement
timed with ``connection.execute_wrapper``, so a slow page splits into SQL and Django."""

import datetime
import statistics
import time

from bench.stats import percentile


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


def consume(response):
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure(page, client, reps, warmup):
    """Time `page` through `client`; a dict of medians and its statements."""
    from django.db import connection

    urls = page.urls
    for i in range(warmup):
        consume(client.get(urls[i % len(urls)]))
    samples, statements, statuses = [], {}, {}
    for i in range(reps):
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(urls[i % len(urls)])
            consume(response)
            total = time.perf_counter() - started
            cpu = time.process_time() - cpu
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        sql = sum(d for *_, d in recorder.calls)
        samples.append((total * 1000, sql * 1000, len(recorder.calls), cpu * 1000))
        for text, params, seconds in recorder.calls:
            entry = statements.setdefault(text, {"times": [], "params": params})
            entry["times"].append(seconds * 1000)
    result = {
        "statuses": statuses,
        "median": statistics.median(s[0] for s in samples),
        "p95": percentile([s[0] for s in samples], 0.95),
        "sql": statistics.median(s[1] for s in samples),
        "queries": statistics.median(s[2] for s in samples),
        "django": statistics.median(s[0] - s[1] for s in samples),
        "cpu": statistics.median(s[3] for s in samples),
        "statements": _statements(statements, reps),
    }
    if set(statuses) != {200}:
        result["error"] = f"status codes {statuses}"
    return result


def _statements(statements, reps):
    rows = [
        {
            "sql": text,
            "params": _jsonable(info["params"]),
            "calls_per_request": len(info["times"]) / reps,
            "median_ms": statistics.median(info["times"]),
            "ms_per_request": sum(info["times"]) / reps,
        }
        for text, info in statements.items()
    ]
    return sorted(rows, key=lambda s: s["ms_per_request"], reverse=True)


def measure_all(pages, clients, reps, warmup):
    """{page label: result}; a broken page is a finding, not a stop."""
    results = {}
    for page in pages:
        print(f"  in-process {page.label}", flush=True)
        try:
            result = measure(page, clients[page.user], reps, warmup)
        except Exception as exc:  # noqa: BLE001
            result = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            explain_slowest(result)
        results[page.label] = result
    return results


def explain_slowest(result):
    """EXPLAIN (ANALYZE, BUFFERS) the page's slowest statement, once."""
    from django.db import connection

    if not result.get("statements"):
        return
    slowest = result["statements"][0]
    params = slowest["params"]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"], params or None)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + slowest["sql"], params or ())
            plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
    except Exception as exc:  # noqa: BLE001 display only
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
