"""Long lists of ids as query parameters."""

from django.db import connection
from django.db.models.expressions import RawSQL


def id_list(ids):
    """For `pk__in=`: thousands of ids as one array on PostgreSQL, where binding them one by
    one costs more than the query."""
    if connection.vendor == "postgresql":
        # As the array's text ("{1,2,3}"): the driver adapts a list element by element.
        text = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
        return RawSQL("SELECT unnest(%s::bigint[])", [text])
    return ids
