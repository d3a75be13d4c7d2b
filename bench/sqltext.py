"""SQL as the report prints it: long column lists cut, parameters inlined."""


def shorten_sql(sql, limit=160):
    """SELECT <many columns> FROM … → SELECT … FROM …, then cut at the limit."""
    text = " ".join(sql.split())
    if text.upper().startswith("SELECT "):
        cut = _top_level_from(text)
        if cut is not None and cut - 7 > 60:
            text = "SELECT … " + text[cut + 1 :]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _top_level_from(text):
    depth = 0
    for i in range(7, len(text) - 6):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and text[i : i + 6].upper() == " FROM ":
            return i
    return None


def inline_params(sql, params):
    from django.db import connection

    if params and connection.vendor == "postgresql":
        compose = getattr(connection.ops, "compose_sql", None)
        if compose:
            try:
                return compose(sql, params)
            except Exception:  # noqa: BLE001 display only
                pass
    if isinstance(params, (list, tuple)):
        try:
            return sql % tuple(repr(p) for p in params)
        except (TypeError, ValueError):
            pass
    return f"{sql}  -- params: {params!r}"
