"""The Markdown report: tables built here, the prose in report.md.tmpl."""

from pathlib import Path

from bench.mixes import MIXES
from bench.sqltext import inline_params, shorten_sql
from bench.targets import DJANGO_SHARE_MS, GENERATE_TARGET_S, GUNICORN_WORKERS
from bench.throughput import CACHES

TEMPLATE = Path(__file__).with_name("report.md.tmpl")


def md_table(headers, rows, right=()):
    """A Markdown table; columns whose header is in `right` are right-aligned."""
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if h in right else "---" for h in headers) + "|")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def met(ok):
    return "met" if ok else "**not met**"


def target_text(target):
    if not target:
        return "—"
    median, p95 = target
    return f"≤{median} ms" + (f" / p95 ≤{p95}" if p95 else "")


def page_met(result, target):
    if not result or "median" not in result or result.get("error"):
        return "**error**"
    if not target:
        return "—"
    median, p95 = target
    return met(result["median"] <= median and (p95 is None or result["p95"] <= p95))


def throughput_met(run):
    if run.get("error") or not run.get("target"):
        return "—" if not run.get("error") else "**error**"
    rps, p95 = run["target"]
    return met(run["rps"] >= rps and run["latency_ms"]["p95"] <= p95 and run["errors"] == 0)


def _ms(value):
    return "—" if value is None else f"{value:.1f}"


def scorecard(setup, pages, http, throughput, exports):
    rows = []
    if setup.get("generate_seconds") is not None:
        seconds = setup["generate_seconds"]
        when = " (earlier run)" if setup.get("reused") else ""
        rows.append(
            [
                f"generate {setup['events']:,} activities{when}",
                f"{seconds:.0f} s",
                f"≤{GENERATE_TARGET_S} s (at 1,000,000)",
                met(seconds <= GENERATE_TARGET_S) if setup["events"] == 1_000_000 else "—",
            ]
        )
    for page in pages:
        if page.target is None:
            continue
        result = http.get(page.label, {})
        measured = result.get("error") or (f"{result['median']:.1f} ms (p95 {result['p95']:.1f})")
        rows.append([page.label, measured, target_text(page.target), page_met(result, page.target)])
    for run in throughput:
        if run.get("target"):
            rows.append([_run_name(run), _run_measured(run), _run_target(run), throughput_met(run)])
    for export in exports:
        rows.append(
            [export["name"], _export_measured(export), _export_target(export), _export_met(export)]
        )
    return md_table(["what", "measured over HTTP", "target", ""], rows)


def _run_name(run):
    return f"throughput, {run['mix']} mix, page cache {CACHES[run['cache']]}"


def _run_measured(run):
    if run.get("error"):
        return run["error"]
    latency = run["latency_ms"]
    return (
        f"{run['rps']:.0f} req/s, p50 {latency['p50']:.0f} ms, p95 {latency['p95']:.0f} ms, "
        f"{run['errors']} errors"
    )


def _run_target(run):
    rps, p95 = run["target"]
    return f"≥{rps} req/s, p95 ≤{p95} ms, 0 errors"


def _export_measured(export):
    if export.get("error"):
        return export["error"]
    return f"{export['seconds']:.1f} s, {export['max_rss_mb'] or 0:.0f} MB"


def _export_met(export):
    if export.get("error") or export.get("status") != 200:
        return "**error**"
    seconds, mb = export["target"]
    fast_enough = seconds is None or export["seconds"] <= seconds
    return met(fast_enough and (export["max_rss_mb"] or 0) <= mb)


def data_section(setup):
    if not setup.get("generate_output"):
        return f"{setup.get('events', 0):,} demo activities, generated before this run."
    verb = "Generated earlier" if setup.get("reused") else "Generated in this run"
    text = f"{verb} ({setup.get('generated_at', '?')}) by `generate_demo_data`:\n\n```\n"
    text += setup["generate_output"] + "\n```"
    if setup.get("vacuum_seconds"):
        text += (
            f"\n\nThen `VACUUM ANALYZE` ({setup['vacuum_seconds']:.0f} s), as autovacuum would "
            "do after a bulk load, so every run starts from the same state."
        )
    return text


def _sections(pages):
    sections = []
    for page in pages:
        if page.section not in sections:
            sections.append(page.section)
    return sections


def http_pages(pages, http):
    parts = []
    for section in _sections(pages):
        rows = []
        for page in (p for p in pages if p.section == section):
            user = f" (as {page.user})" if page.user else ""
            result = http.get(page.label, {})
            if "median" not in result:
                rows.append(
                    [
                        page.name + user,
                        f"`{page.shown_url}`",
                        "—",
                        "—",
                        "—",
                        target_text(page.target),
                        f"**error**: {result.get('error')}",
                    ]
                )
                continue
            rows.append(
                [
                    page.name + user,
                    f"`{page.shown_url}`",
                    _ms(result["median"]),
                    _ms(result["p95"]),
                    f"{result['bytes'] / 1024:.0f}",
                    target_text(page.target),
                    page_met(result, page.target),
                ]
            )
        headers = ["page", "URL", "median ms", "p95 ms", "KB", "target", "met"]
        parts.append(f"### {section}\n\n" + md_table(headers, rows, {"median ms", "p95 ms", "KB"}))
    return "\n\n".join(parts)


def throughput_table(throughput):
    rows = []
    for run in (r for r in throughput if r["mix"] != "single"):
        if run.get("error"):
            rows.append([run["mix"], CACHES[run["cache"]], run["error"]] + ["—"] * 8)
            continue
        latency = run["latency_ms"]
        rows.append(
            [
                run["mix"],
                CACHES[run["cache"]],
                f"{run['requests']:,}",
                f"{run['distinct_urls']:,}",
                f"{run['rps']:.1f}",
                f"{latency['p50']:.0f}",
                f"{latency['p95']:.0f}",
                f"{latency['p99']:.0f}",
                run["errors"],
                _run_target(run) if run.get("target") else "for comparison",
                throughput_met(run) if run.get("target") else "",
            ]
        )
    headers = [
        "mix",
        "page cache",
        "requests",
        "distinct URLs",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "target",
        "met",
    ]
    right = {"requests", "distinct URLs", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"}
    return md_table(headers, rows, right)


def single_url_note(throughput):
    for run in throughput:
        if run["mix"] == "single" and not run.get("error"):
            return (
                f"*Footnote: one URL (`/activities/?province=…`, the busiest province) served "
                f"from the per-process page cache, {run['seconds']} s: {run['rps']:.0f} "
                f"requests/s, p95 {run['latency_ms']['p95']:.0f} ms, {run['errors']} errors. "
                "This is what a cache hit costs, not what users get; it was the headline "
                "figure of earlier reports.*"
            )
    return ""


def exports_table(exports):
    rows = []
    for e in exports:
        if e.get("error"):
            rows.append([e["name"], f"`{e['url']}`", e["error"]] + ["—"] * 7)
            continue
        lines = f"{e['lines']:,}" if "csv" in e["url"] else "—"
        rows.append(
            [
                e["name"],
                f"`{e['url']}`",
                f"{e['expected_rows']:,}",
                lines,
                f"{e['bytes'] / 1e6:.1f}",
                f"{e['seconds']:.1f}",
                f"{e['max_rss_mb'] or 0:.0f}",
                f"{e.get('baseline_rss_mb') or 0:.0f}",
                _export_target(e),
                _export_met(e),
            ]
        )
    headers = [
        "export",
        "URL",
        "rows expected",
        "lines",
        "MB",
        "request s",
        "peak RSS MB",
        "before MB",
        "target",
        "met",
    ]
    return md_table(
        headers, rows, {"rows expected", "lines", "MB", "request s", "peak RSS MB", "before MB"}
    )


def _export_target(export):
    seconds, mb = export["target"]
    return f"≤{mb} MB" if seconds is None else f"≤{seconds:.0f} s, ≤{mb} MB"


def diagnosis(pages, inproc):
    rows = []
    for page in pages:
        r = inproc.get(page.label)
        if not r:
            continue
        if "median" not in r:
            rows.append([page.label, f"**error**: {r.get('error')}"] + ["—"] * 4)
            continue
        flag = "" if r["django"] <= DJANGO_SHARE_MS else " ⚠"
        rows.append(
            [
                page.label,
                _ms(r["median"]),
                f"{r['queries']:.0f}",
                _ms(r["sql"]),
                _ms(r["django"]) + flag,
                _ms(r["cpu"]),
            ]
        )
    headers = ["page", "median ms", "queries", "SQL ms", "Django ms", "CPU ms"]
    note = f"⚠ = Django's own share above {DJANGO_SHARE_MS} ms."
    right = {"median ms", "queries", "SQL ms", "Django ms", "CPU ms"}
    return md_table(headers, rows, right) + "\n\n" + note


def slowest_sql(pages, inproc):
    parts = []
    for page in pages:
        statements = (inproc.get(page.label) or {}).get("statements")
        if statements:
            parts.append(_statements_block(page.label, statements))
    return "\n\n".join(parts)


def _statements_block(label, statements):
    rows = [
        [
            f"{s['ms_per_request']:.1f}",
            f"{s['calls_per_request']:g}",
            f"{s['median_ms']:.1f}",
            f"`{shorten_sql(s['sql'])}`",
        ]
        for s in statements[:3]
    ]
    slowest = statements[0]
    text = f"### {label}\n\n"
    text += md_table(
        ["ms/request", "calls", "median ms/call", "statement"],
        rows,
        {"ms/request", "calls", "median ms/call"},
    )
    text += "\n\n<details><summary>slowest statement and its plan</summary>\n\n```sql\n"
    text += shorten_sql(inline_params(slowest["sql"], slowest["params"]), limit=100_000)
    text += "\n```\n"
    if slowest.get("explain"):
        text += f"\n```\n{slowest['explain']}\n```\n"
    text += f"\nAll {len(statements)} distinct statements (ms per request, calls, SQL):\n\n"
    text += "\n".join(
        f"- {s['ms_per_request']:.2f} ms, {s['calls_per_request']:g}×: "
        f"`{shorten_sql(s['sql'], 400)}`"
        for s in statements
    )
    return text + "\n\n</details>"


def write(path, run):
    """Render the report of `run` (a dict from bench/run.py) to `path`."""
    from django.template import Context, Engine

    args, pages = run["args"], run["pages"]
    context = {
        "events": f"{args.events:,}",
        "db_title": "PostgreSQL" if args.db == "postgres" else "SQLite",
        "argv": run["argv"],
        "started": f"{run['started']:%Y-%m-%d %H:%M}",
        "info": run["info"],
        "load_before": run["load_before"],
        "load_after": run["load_after"],
        "sharing": args.sharing,
        "full_size": args.db == "postgres" and args.events >= 1_000_000,
        "workers": GUNICORN_WORKERS,
        "warmup": args.warmup,
        "reps": args.reps,
        "clients": 16,
        "seconds": args.throughput_seconds,
        "throughput_warmup": args.throughput_warmup,
        "mixes": {"realistic": MIXES["realistic"], "long_tail": MIXES["long tail"]},
        "scorecard": scorecard(run["setup"], pages, run["http"], run["throughput"], run["exports"]),
        "data": data_section(run["setup"]),
        "http_pages": http_pages(pages, run["http"]),
        "throughput": throughput_table(run["throughput"]) if run["throughput"] else "Not run.",
        "single_url": single_url_note(run["throughput"]),
        "exports": exports_table(run["exports"]) if run["exports"] else "",
        "diagnosis": diagnosis(pages, run["inproc"]) if run["inproc"] else "Not run.",
        "slowest_sql": slowest_sql(pages, run["inproc"]) if run["inproc"] else "Not run.",
    }
    engine = Engine(autoescape=False)
    text = engine.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        Context(context, autoescape=False)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
