"""Benchmark suite: what users get over HTTP, throughput on two mixes, exports, and an
in-process diagnosis of each page's SQL and Django time.

    .venv/bin/python bench/run.py [--db postgres|sqlite] [--events N] [--quick]

Sets the database up when needed (bench/database.py), serves the site with gunicorn and the
production settings (bench/server.py), times every page over HTTP (bench/overhttp.py), runs
16 clients on a realistic and a long-tail mix with the page cache off, per process and in
Redis (bench/throughput.py, bench/mixes.py), downloads the exports, then requests each page
in-process with its SQL timed (bench/inprocess.py). Writes a Markdown report
(bench/report.md for a full PostgreSQL run) and the raw figures as JSON under bench/data/.
See bench/README.md.
"""

import argparse
import datetime
import json
import os
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database, inprocess, overhttp, report, server, sysinfo  # noqa: E402
from bench.targets import DEFAULT_PORT  # noqa: E402

DATA_DIR = ROOT / "bench" / "data"
SHARING = "other work may run on it at the same time."


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--db", choices=["postgres", "sqlite"], default="postgres")
    add("--events", type=int, help="Activities (default 1,000,000; 20,000 with --quick)")
    add("--quick", action="store_true", help="Small data, few repetitions, no throughput.")
    add("--reps", type=int, help="Measured requests per page over HTTP (default 30; 5).")
    add("--warmup", type=int, help="Unmeasured requests per page first (default 5; 2).")
    add("--diagnosis-reps", type=int, default=10, help="In-process requests per page.")
    add("--seed", type=int, default=1, help="generate_demo_data --seed")
    add("--output", help="Report path (default bench/report.md for full runs)")
    add("--skip-exports", action="store_true")
    add("--skip-throughput", action="store_true")
    add("--skip-diagnosis", action="store_true")
    add("--throughput-seconds", type=int, default=30, help="Measured seconds per run.")
    add("--throughput-warmup", type=int, default=5, help="Unmeasured seconds per run first.")
    add("--only", metavar="REGEX", help="Measure only pages whose section or name matches.")
    add("--port", type=int, default=DEFAULT_PORT, help="gunicorn's port on 127.0.0.1.")
    add(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
        help="Redis for the shared-cache runs; the bench EMPTIES this database (FLUSHDB).",
    )
    add("--sharing", default=SHARING, help="What else ran on the machine, for the report.")
    args = parser.parse_args(argv)
    if args.events is None:
        args.events = 20_000 if args.quick else 1_000_000
    if args.reps is None:
        args.reps = 5 if args.quick else 30
    if args.warmup is None:
        args.warmup = 2 if args.quick else 5
    if args.quick:
        args.skip_throughput = True
        args.diagnosis_reps = min(args.diagnosis_reps, 3)
    return args


def measure(args):
    """Every measurement of one run, as a dict the report and the JSON are made from."""
    from django.db import connection

    from bench.exports import measure_exports
    from bench.mixes import Vocabulary
    from bench.pages import all_pages
    from bench.throughput import measure_throughput

    run = {"args": args, "started": datetime.datetime.now(datetime.UTC)}
    run["load_before"] = sysinfo.load_average()
    print(f"Benchmark on {args.db}, {args.events:,} activities ({os.environ['DATABASE_URL']})")
    run["setup"] = database.setup_database(args)
    clients = database.signed_in_clients(database.ensure_users())
    run["info"] = sysinfo.machine_info(None if args.skip_throughput else args.redis_url)
    pages = run["pages"] = all_pages(args.only)
    connection.close()  # gunicorn and the load clients fork; they open their own
    print("Pages over HTTP (gunicorn, page cache off)", flush=True)
    cookies = database.session_cookies(clients)
    with server.gunicorn(args.port):
        run["http"] = overhttp.measure_all(pages, args.port, cookies, args.reps, args.warmup)
    run["exports"] = [] if args.skip_exports else measure_exports(args.port, args.events)
    run["throughput"] = []
    if not args.skip_throughput:
        vocabulary = Vocabulary.from_database()
        connection.close()
        run["throughput"] = measure_throughput(
            args.port, vocabulary, args.throughput_seconds, args.throughput_warmup, args.redis_url
        )
    run["inproc"] = {}
    if not args.skip_diagnosis:
        print("Diagnosis in-process (SQL timed)", flush=True)
        run["inproc"] = inprocess.measure_all(pages, clients, args.diagnosis_reps, 1)
    run["load_after"] = sysinfo.load_average()
    return run


def output_paths(args):
    if args.output:
        report_path = Path(args.output)
    elif args.db == "postgres" and not args.quick and args.events >= 1_000_000:
        report_path = ROOT / "bench" / "report.md"
    else:
        report_path = (
            DATA_DIR / f"report-{args.db}-{args.events}{'-quick' if args.quick else ''}.md"
        )
    stem = report_path.stem if args.output else f"results-{args.db}-{args.events}"
    return report_path, DATA_DIR / f"{stem}.json"


def main(argv=None):
    args = parse_args(argv)
    database.configure_environment(args)
    run = measure(args)
    run["argv"] = shlex.join(sys.argv[1:] if argv is None else argv)
    report_path, raw_path = output_paths(args)
    report.write(report_path, run)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    raw = {key: value for key, value in run.items() if key != "pages"}
    raw["args"] = vars(args)
    raw_path.write_text(json.dumps(raw, indent=1, ensure_ascii=False, default=str))
    print(f"Report: {report_path}\nRaw figures: {raw_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
