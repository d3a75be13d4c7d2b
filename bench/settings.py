"""The project's own settings, with static files collected under var/ for DEBUG-off runs.

Pages are timed without the public page cache (they would otherwise measure a cache hit);
the throughput runs set BENCH_PAGE_CACHE_SECONDS, and REDIS_URL for the shared cache.

With DEBUG off the site uses WhiteNoise's manifest storage, which needs `collectstatic`;
bench/run.py collects into var/bench-static so that it leaves the repository alone.
Everything else (database, middleware, templates, caching of templates) is production's.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("BENCH_PAGE_CACHE_SECONDS", "0"))

STATIC_ROOT = BASE_DIR / "var" / "bench-static"

# The timing loop sends hundreds of API requests from one address.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"}}  # noqa: F405
