"""The project's own settings, with static files collected under var/ for DEBUG-off runs.

With DEBUG off the site uses WhiteNoise's manifest storage, which needs `collectstatic`;
bench/run.py collects into var/bench-static so that it leaves the repository alone.
Everything else (database, middleware, templates, caching of templates) is production's.
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

STATIC_ROOT = BASE_DIR / "var" / "bench-static"
