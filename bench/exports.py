"""The CSV of every published activity and an XLSX of ~100,000, downloaded over HTTP from a
one-worker gunicorn started for each, so that the worker's peak memory is the export's."""

from bench import server
from bench.overhttp import fetch
from bench.targets import CSV_TARGET, XLSX_ROWS, XLSX_TARGET


def exports_to_measure(events):
    """(name, URL, rows expected, target) of each export, for a database of `events` demo
    activities (the few seeded from the articles are not counted)."""
    from coordination.models import OutreachEvent

    published = OutreachEvent.objects.published()
    total = published.count()
    dated = published.filter(start_date__isnull=False).order_by("-start_date")
    if dated.count() > XLSX_ROWS:
        since = dated.values_list("start_date", flat=True)[XLSX_ROWS - 1]
        xlsx_query = f"?date_after={since.isoformat()}"
        xlsx_rows = published.filter(start_date__gte=since).count()
    else:
        xlsx_query, xlsx_rows = "", total
    return [
        ("CSV, all published", "/activities/export.csv", total, _csv_target(events)),
        (
            f"XLSX, ~{min(XLSX_ROWS, total):,} rows",
            f"/activities/export.xlsx{xlsx_query}",
            xlsx_rows,
            XLSX_TARGET,
        ),
    ]


def _csv_target(events):
    """Its time is a target up to 1,000,000 activities; beyond, only its memory is."""
    seconds, mb = CSV_TARGET
    return (seconds if events <= 1_000_000 else None, mb)


def measure_exports(port, events):
    results = []
    print("Exports over HTTP (gunicorn, 1 worker each)", flush=True)
    for name, url, expected, target in exports_to_measure(events):
        print(f"  {name} {url}", flush=True)
        result = {"name": name, "url": url, "expected_rows": expected, "target": target}
        try:
            with server.gunicorn(port, workers=1) as master:
                fetch(port, "/provinces/")  # a small page: the worker with Django loaded
                baseline = server.peak_rss_mb(server.worker_pids(master))
                status, size, lines, seconds = fetch(port, url)
                rss = server.peak_rss_mb(server.worker_pids(master))
        except (OSError, RuntimeError) as exc:
            result["error"] = f"{type(exc).__name__}: {exc}"
            results.append(result)
            continue
        result.update(
            status=status,
            bytes=size,
            lines=lines,
            seconds=seconds,
            max_rss_mb=rss,
            baseline_rss_mb=baseline,
        )
        print(f"    {seconds:.1f} s, {rss or 0:.0f} MB peak (worker)", flush=True)
        results.append(result)
    return results
