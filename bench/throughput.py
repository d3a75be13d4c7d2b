"""Throughput runs: each mix against a fresh gunicorn, with the page cache off, in each
worker's memory (the default) or shared in Redis (REDIS_URL)."""

import threading

from bench import mixload, server
from bench.mixes import hot_pages
from bench.overhttp import fetch
from bench.targets import CLIENTS, GUNICORN_WORKERS, THROUGHPUT_TARGETS

CACHE_SECONDS = 600
#: (mix, cache) in the order they run; "single" is the footnote.
RUNS = [
    ("realistic", "off"),
    ("realistic", "local"),
    ("realistic", "redis"),
    ("long tail", "off"),
    ("long tail", "redis"),
    ("single", "local"),
]
CACHES = {
    "off": "off (every page built)",
    "local": "per process (LocMem)",
    "redis": "shared (Redis)",
}


def redis_answers(url):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:  # noqa: BLE001 any failure means: no Redis for the bench
        return False


def flush(url):
    """Empty the bench's own Redis database (the number in its URL) before a run."""
    import redis

    redis.Redis.from_url(url).flushdb()


def fill_cache(port, vocabulary, rounds, threads=6):
    """Each hot page requested `rounds` times, several at once, so that the cache holds it
    (every worker's own, for the per-process cache): the steady state of a site whose hot
    pages are asked all day. The long tail stays cold."""
    urls = hot_pages(vocabulary) * rounds

    def client(share):
        for url in share:
            try:
                fetch(port, url)
            except OSError:
                pass

    workers = [threading.Thread(target=client, args=(urls[i::threads],)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def target_for(mix, cache):
    return THROUGHPUT_TARGETS.get((mix, "cached" if cache in ("local", "redis") else cache))


def measure_throughput(port, vocabulary, seconds, warmup, redis_url):
    results = []
    has_redis = bool(redis_url) and redis_answers(redis_url)
    for mix, cache in RUNS:
        run_seconds = min(seconds, 10) if mix == "single" else seconds
        result = {"mix": mix, "cache": cache, "target": target_for(mix, cache)}
        if cache == "redis" and not has_redis:
            result["error"] = f"Redis does not answer at {redis_url or '(no URL)'}: skipped"
            results.append(result)
            continue
        if cache == "redis":
            flush(redis_url)
        print(f"Throughput: {mix}, page cache {CACHES[cache]}, {run_seconds} s", flush=True)
        with server.gunicorn(
            port,
            cache_seconds=0 if cache == "off" else CACHE_SECONDS,
            redis_url=redis_url if cache == "redis" else None,
        ):
            if cache != "off" and mix != "long tail":
                fill_cache(port, vocabulary, 2 * GUNICORN_WORKERS if cache == "local" else 2)
            result |= mixload.run(port, mix, vocabulary, run_seconds, CLIENTS, warmup)
        result["cache"] = cache
        print(
            f"    {result['rps']:.1f} req/s, p50 {result['latency_ms']['p50']:.0f} ms, "
            f"p95 {result['latency_ms']['p95']:.0f} ms, {result['errors']} errors",
            flush=True,
        )
        results.append(result)
    if has_redis:
        flush(redis_url)
    return results
