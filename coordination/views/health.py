"""Health check and the answer given while the database cannot be reached."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

#: Seconds a client is asked to wait before trying again during an outage.
RETRY_AFTER = 30

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 when the database answers a trivial query; 503 when it does not.

    Anyone can ask, so the driver's error (which can name hosts, users and versions) goes to
    the log, not into the answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # The connection is unusable now: drop it so the next request opens a fresh one.
        connection.close_if_unusable_or_obsolete()
        logger.error("Health check: the database does not answer: %s", _first_line(exc))
        response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """handler500: an unreachable database is a temporary outage (503), not a bug (500).

    The error itself (logged either way) says so when it is, or was caused by, a lost
    connection; any other error raised while the database cannot be reached is taken for a
    consequence of the outage too, since a connection cut mid-request surfaces in other guises
    (a broken transaction, a failed fetch)."""
    exc = sys.exc_info()[1]
    api = request.path.startswith("/api/")
    if _caused_by_lost_connection(exc) or not _database_answers():
        return _api_unavailable() if api else database_unavailable()
    if api:
        # The API answers in JSON whatever happens (coordination/api/errors.py).
        return JsonResponse({"detail": _("Server error: it has been logged.")}, status=500)
    return django_server_error(request)


def _caused_by_lost_connection(exc):
    driver = connection.Database  # psycopg or sqlite3: the errors Django wraps
    lost = (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, lost):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _database_answers():
    """A fresh connection opened and closed: the request's own may be the broken one."""
    try:
        fresh = connection.get_new_connection(connection.get_connection_params())
    except Exception:  # noqa: BLE001 whatever the driver raises for "cannot connect"
        return False
    fresh.close()
    return True


def database_unavailable():
    # Rendered without a request or context processors: they would query the database.
    response = _html(loader.get_template("503.html").render({"retry_after": RETRY_AFTER}))
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _api_unavailable():
    message = _("The database is not answering: try again in %(seconds)d seconds.")
    response = JsonResponse({"detail": message % {"seconds": RETRY_AFTER}}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _html(content):
    response = HttpResponse(content, status=503, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _first_line(exc):
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
