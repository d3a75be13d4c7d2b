"""Files handed to the browser, built one way: the type from the name's extension, an
attachment name every browser keeps, and CSV streamed while it is written."""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"csv": CSV, "xlsx": XLSX}
_UNSAFE = re.compile(r'[^\x20-\x7e]|["\\]')


def safe_filename(name):
    """Printable ASCII without quotes or backslashes: our own names are slugs already, but
    an uploaded file's name (which the error file reuses) can hold anything."""
    return _UNSAFE.sub("_", name)


def download(content, filename):
    """A response that saves content as filename (.csv or .xlsx).

    content is bytes, an open file (sent from where it is, then closed), or an iterator of
    text chunks, streamed as they come: a million-row CSV is never held in memory.
    """
    name = safe_filename(filename)
    content_type = TYPES[name.rpartition(".")[2].lower()]
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
