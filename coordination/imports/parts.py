"""The parts of an XLSX that openpyxl reads whole on opening it, counted before it does.

openpyxl builds an object for every style and keeps every shared string when it opens a
workbook, read-only or not, so a 140 KB file can hold 750,000 styles that take a worker's
memory and many seconds. Each part is counted here with expat, element by element, and the
count stops at its bound: the cost is at most the bound, never the part's size. The sheet
itself is not counted here: reading.py streams it within its own bounds.
"""

import xml.etree.ElementTree as ET
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext as _

#: XML elements of the styles part (a workbook straight from Excel has a few thousand).
MAX_STYLE_ELEMENTS = 100_000
#: Different texts of a workbook (its shared strings), and their XML elements (rich text).
MAX_SHARED_STRINGS = 200_000
MAX_SHARED_STRING_ELEMENTS = 1_000_000
#: XML elements of every other part, all together (workbook, relationships, theme…).
MAX_OTHER_ELEMENTS = 100_000

STYLES = "xl/styles.xml"
CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
CHUNK = 64 * 1024


class _Over(Exception):
    """A count passed its bound."""


class _Counter:
    def __init__(self, limit, name=None, name_limit=None):
        self.elements = self.named = 0
        self.limit, self.name, self.name_limit = limit, name, name_limit

    def start(self, tag, _attributes):
        self.elements += 1
        if self.elements > self.limit:
            raise _Over
        if self.name and tag.rsplit(":", 1)[-1] == self.name:
            self.named += 1
            if self.named > self.name_limit:
                raise _Over

    def count(self, archive, name):
        """Count the part's elements; False when it is over a bound (or holds a DOCTYPE)."""
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.doctype
        try:
            with archive.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Over:
            return False
        except (expat.ExpatError, ValueError):
            pass  # not XML (an image…): openpyxl says so itself if it needs the part
        return True

    @staticmethod
    def doctype(*_args):
        raise _Over  # no workbook needs one; entities are how small files grow large


def refusal(archive):
    """The message refusing the workbook when one of its parts is past a bound, else None."""
    names = set(archive.namelist())
    others = _Counter(MAX_OTHER_ELEMENTS)
    if CONTENT_TYPES in names and not others.count(archive, CONTENT_TYPES):
        return _other_parts()
    strings = _shared_strings_part(archive, names)
    if STYLES in names and not _Counter(MAX_STYLE_ELEMENTS).count(archive, STYLES):
        return _(
            "The workbook holds more than %(limit)s style records (cell formats): copy the data "
            "into the template, or clear the formats in Excel, and upload it again."
        ) % {"limit": number_format(MAX_STYLE_ELEMENTS, force_grouping=True)}
    if strings:
        counter = _Counter(MAX_SHARED_STRING_ELEMENTS, "si", MAX_SHARED_STRINGS)
        if not counter.count(archive, strings):
            return _(
                "The workbook holds more than %(limit)s different texts: copy only the rows "
                "you need into the template."
            ) % {"limit": number_format(MAX_SHARED_STRINGS, force_grouping=True)}
    for name in sorted(names - {CONTENT_TYPES, STYLES, strings}):
        if _streamed_sheet(name):
            continue
        if not others.count(archive, name):
            return _other_parts()
    return None


def _shared_strings_part(archive, names):
    """The shared strings' part, where [Content_Types].xml (already counted) puts it."""
    if CONTENT_TYPES not in names:
        return None
    try:
        root = ET.fromstring(archive.read(CONTENT_TYPES))
    except ET.ParseError:
        return None
    for override in root:
        if override.get("ContentType") == SHARED_STRINGS_TYPE:
            name = (override.get("PartName") or "").lstrip("/")
            return name if name in names else None
    return None


def _streamed_sheet(name):
    return name.startswith("xl/worksheets/") and "/_rels/" not in name


def _other_parts():
    return _(
        "The workbook holds too much besides its cells (names, comments, charts or other "
        "parts): copy the data into the template and upload it again."
    )
