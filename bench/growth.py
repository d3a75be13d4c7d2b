"""How page times grow with the data: one table from the raw figures of several bench runs.

    .venv/bin/python bench/growth.py bench/data/results-postgres-*.json > bench/growth.md

Each file is the JSON `bench/run.py` writes beside its report (bench/data/). Columns are the
runs in order of size; a row is a page measured over HTTP (median ms), plus the generation
time, the exports and the load average each run was taken at, since the machine is shared.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import md_table  # noqa: E402


def main(paths):
    runs = sorted((json.loads(Path(p).read_text()) for p in paths), key=_events)
    heads = ["page (median ms over HTTP)"] + [f"{_events(run):,}" for run in runs]
    rows = [
        ["generation (s)"] + [str(run["setup"].get("generate_seconds", "–")) for run in runs],
        ["load average before"] + [str(run.get("load_before") or "–") for run in runs],
    ]
    pages = []
    for run in runs:
        pages += [name for name in run["http"] if name not in pages]
    for name in pages:
        rows.append([name] + [_median(run["http"].get(name)) for run in runs])
    for export in {e["name"].split(",")[0] for run in runs for e in run.get("exports", [])}:
        rows.append([f"{export} export (s / peak MB)"] + [_export(run, export) for run in runs])
    print(md_table(heads, rows, right=heads[1:]))


def _events(run):
    return run["setup"]["events"]


def _median(result):
    return f"{result['median']:.1f}" if result else "–"


def _export(run, name):
    for export in run.get("exports", []):
        if export["name"].startswith(name) and "seconds" in export:
            return f"{export['seconds']:.1f} / {export.get('max_rss_mb') or 0:.0f}"
    return "–"


if __name__ == "__main__":
    main(sys.argv[1:])
