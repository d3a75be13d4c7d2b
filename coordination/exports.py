"""Rows for spreadsheets: one row iterator, a CSV and an XLSX writer, one formula guard.

Text that a spreadsheet would run as a formula is neutralised where it could be: a CSV cell
gets a leading quote (`safe_cell`). An XLSX text cell is written as a string, which no
spreadsheet runs, so it holds the text exactly as written and re-imports unchanged.
"""

import csv
import datetime
import io
import tempfile

from django.db.models import OuterRef, Subquery, TextField
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .dates import DAY, MONTH, YEAR
from .models import ActivityType, FocusArea, OutreachEvent, Province, Source, UnionBranch
from .models.agreements import FOCUS_AREA_NOTE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
CHUNK = 5000
#: The last row of an Excel sheet (counted from 0): data stops there.
XLSX_MAX_ROWS = 1_048_575


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading quote (OWASP advice)."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


#: What a column holds, so the writers treat its cells right: text is guarded against formulas,
#: dates are written dd/mm/yyyy (or are None), numbers are counts (None, or "unknown" when a
#: count was not given).
TEXT, DATE, NUMBER = "text", "date", "number"


def columns(with_status=False):
    """(header, width, kind) triples, in the active language (the page's)."""
    cols = [
        (_("ID"), 8, NUMBER),
        (_("Title"), 50, TEXT),
        (_("Description"), 60, TEXT),
        (_("Activity type"), 28, TEXT),
        (_("Start date"), 12, DATE),
        (_("End date"), 12, DATE),
        (_("Date precision"), 12, TEXT),
        (_("Province as recorded"), 24, TEXT),
        (_("Current province"), 18, TEXT),
        (_("Place"), 30, TEXT),
        (_("Organising branch"), 34, TEXT),
        (_("Organising branch code"), 16, TEXT),
        (_("Partners"), 34, TEXT),
        (f"{_('Focus areas')} ({FOCUS_AREA_NOTE})", 50, TEXT),
        (_("Sessions"), 10, NUMBER),
        (_("Participants"), 12, NUMBER),
        (_("Figures are"), 12, TEXT),
        (_("Source"), 40, TEXT),
        (_("Address"), 40, TEXT),
    ]
    if with_status:
        cols.insert(1, (_("Status"), 14, TEXT))
    return cols


def rows(events, base_url="", with_status=False):
    """One list of typed values per event, streamed in chunks (no million-row lists).

    Plain column values and small lookup tables instead of model instances: a million rows
    of five related objects each would spend most of an export building objects. Dates known
    only to the month or year are written as "05/2024" or "2024", never as an invented day;
    a count no report gave reads "unknown", never 0.
    """
    fields = [
        "pk",
        "title",
        "description",
        "activity_type_id",
        "start_date",
        "end_date",
        "date_precision",
        "province_id",
        "nationwide",
        "place",
        "organiser_id",
        "organiser_note",
        "partner_note",
        "sessions",
        "participants",
        "figures_qualifier",
        "source_id",
        "status",
    ]
    lookups = {
        "labels": {
            **{value: str(capfirst(label)) for value, label in OutreachEvent.Precision.choices},
            **{value: str(capfirst(label)) for value, label in OutreachEvent.Qualifier.choices},
        },
        "statuses": {value: str(capfirst(label)) for value, label in OutreachEvent.Status.choices},
        "nationwide": _("Nationwide"),
        "place_not_given": _("place not given"),
        "unknown": _("unknown"),
        "provinces": {
            p.pk: (p.name, (p.successor or p).name)
            for p in Province.objects.select_related("successor")
        },
        "branches": dict(UnionBranch.objects.values_list("pk", "name")),
        "ranked_branches": {
            str(branch.pk): (rank, branch.name)
            for rank, branch in enumerate(UnionBranch.objects.only("name", "sort_key"))
        },
        "areas": {
            str(area.pk): (rank, str(area)) for rank, area in enumerate(FocusArea.objects.all())
        },
        "types": {t.pk: str(t) for t in ActivityType.objects.all()},
        "codes": dict(UnionBranch.objects.values_list("pk", "code")),
        "sources": dict(Source.objects.values_list("pk", "title")),
        "address": base_url + reverse("event-detail", args=[0]).replace("/0/", "/{}/"),
    }
    linked = events.annotate(
        focus_ids=LinkedIds(OutreachEvent.focus_areas.through, "focusarea_id"),
        partner_ids=LinkedIds(OutreachEvent.partners.through, "unionbranch_id"),
    )
    values = linked.values_list(*fields, "focus_ids", "partner_ids").iterator(chunk_size=CHUNK)
    yield from _rows_of(values, with_status, lookups)


class LinkedIds(Subquery):
    """The ids an activity links to (focus areas, partners), comma-separated in no order.

    One correlated subquery per row, answered from the link table's index while the rows
    stream: cheaper for the database than a second query per chunk of rows, and no list of
    a chunk's ids to build and send.
    """

    template = "ARRAY_TO_STRING(ARRAY(%(subquery)s), ',')"
    output_field = TextField()

    def __init__(self, through, linked):
        self.linked = linked
        super().__init__(through.objects.filter(outreachevent=OuterRef("pk")).values(linked))

    def as_sqlite(self, compiler, connection, **extra_context):
        column = connection.ops.quote_name(self.linked)
        template = f"(SELECT GROUP_CONCAT({column}) FROM (%(subquery)s))"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _rows_of(values, with_status, lookups):
    nationwide = (lookups["nationwide"], lookups["nationwide"])
    not_given = (lookups["place_not_given"], lookups["place_not_given"])
    labels, statuses, unknown = lookups["labels"], lookups["statuses"], lookups["unknown"]
    provinces, types, branches = lookups["provinces"], lookups["types"], lookups["branches"]
    codes, sources, address = lookups["codes"], lookups["sources"], lookups["address"]
    areas, ranked_branches = lookups["areas"], lookups["ranked_branches"]
    for (
        pk,
        title,
        description,
        type_id,
        start,
        end,
        precision,
        province_id,
        is_nationwide,
        place,
        organiser_id,
        organiser_note,
        partner_note,
        sessions,
        participants,
        qualifier,
        source_id,
        status,
        focus_ids,
        partner_ids,
    ) in values:
        if province_id is None:
            recorded, current = nationwide if is_nationwide else not_given
        else:
            recorded, current = provinces[province_id]
        if precision != "day" and start is not None:
            pattern = YEAR if precision == "year" else MONTH
            start = start.strftime(pattern)
            end = end.strftime(pattern) if end is not None else None
        partner_names = _ranked(partner_ids, ranked_branches)
        if partner_note:
            partner_names = f"{partner_names}; {partner_note}" if partner_names else partner_note
        row = [
            pk,
            title,
            description,
            types[type_id],
            start,
            end,
            labels[precision],
            recorded,
            current,
            place,
            organiser_note or branches[organiser_id],
            codes[organiser_id],
            partner_names,
            _ranked(focus_ids, areas),
            unknown if sessions is None else sessions,
            unknown if participants is None else participants,
            # "Exactly" / "more than" qualify a figure: with none given, there is nothing to
            # qualify, and a default "exactly" would claim a precision no source stated.
            labels[qualifier] if sessions is not None or participants is not None else "",
            sources.get(source_id, ""),
            address.format(pk) if status == "published" else "",
        ]
        if with_status:
            row.insert(1, statuses[status])
        yield row


def _ranked(ids, ranked_labels):
    """The labels of comma-separated ids in their rank order, joined with "; "."""
    if not ids:
        return ""
    if "," not in ids:
        return ranked_labels[ids][1]
    return "; ".join(label for _rank, label in sorted(ranked_labels[i] for i in ids.split(",")))


#: The CSV separators offered: a comma by default; a semicolon for Excel on a Windows set to
#: Vietnamese, whose list separator is ";" (its decimal mark being ",").
SEPARATORS = {"comma": ",", ",": ",", "semicolon": ";", ";": ";"}


def csv_lines(events, base_url="", with_status=False, delimiter=","):
    """CSV text in chunks of lines: UTF-8 with BOM so Excel shows Vietnamese, dd/mm/yyyy.

    The lines are written while the response streams, after the view has returned: the
    language is taken now, so the file follows the page it was asked from.
    """
    return _csv_lines(events, base_url, with_status, translation.get_language(), delimiter)


def _csv_lines(events, base_url, with_status, language, delimiter):
    with translation.override(language):
        yield from _csv_lines_now(events, base_url, with_status, delimiter)


def _csv_lines_now(events, base_url, with_status, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    cols = columns(with_status)
    writer.writerow([header for header, _width, _kind in cols])
    yield "\ufeff" + _drain(buffer)
    texts = [i for i, (_header, _width, kind) in enumerate(cols) if kind == TEXT]
    dates = [i for i, (_header, _width, kind) in enumerate(cols) if kind == DATE]
    shown = {}  # a few thousand distinct days in a million rows: each formatted once
    batch = []
    # The guard and the date format inlined: a function call per cell would cost a third
    # of a million-row export.
    for row in rows(events, base_url, with_status):
        for i in texts:
            if row[i][:1] in _FORMULA_STARTS:
                row[i] = "'" + row[i]
        for i in dates:
            day = row[i]
            if day is not None and type(day) is not str:
                text = shown.get(day)
                if text is None:
                    text = shown[day] = day.strftime(DAY)
                row[i] = text
        batch.append(row)
        if len(batch) == 1000:  # one chunk per line would cost more than the lines
            writer.writerows(batch)
            yield _drain(buffer)
            batch = []
    writer.writerows(batch)
    yield _drain(buffer)


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def xlsx_file(events, base_url="", with_status=False, title=None, heading=None):
    """An XLSX workbook in a temporary file, written row by row; returns the open file.
    heading, when given, is a line above the table saying what it holds (the list's heading,
    filters and all), so that a printed page says it too."""
    title = title or _("Activities")
    handle = tempfile.TemporaryFile()
    workbook = new_workbook(handle)
    write_sheet(
        workbook,
        title,
        columns(with_status),
        rows(events, base_url, with_status),
        heading=heading,
    )
    write_sheet(workbook, _("Activity – focus area"), focus_columns(), focus_pairs(events))
    workbook.close()
    handle.seek(0)
    return handle


def focus_columns():
    """(header, width) pairs of the activity–focus area sheet, in the active language."""
    return [(_("ID"), 8), (_("Focus area code"), 24), (_("Focus area"), 80)]


def focus_pairs(events):
    """One row per activity and focus area, so a spreadsheet can filter and count by area
    (the activities sheet lists an activity's areas in one cell)."""
    areas = {area.pk: (area.code, str(area)) for area in FocusArea.objects.all()}
    links = (
        OutreachEvent.focus_areas.through.objects.filter(
            outreachevent__in=events.order_by().values("pk")
        )
        .order_by("outreachevent_id", "focusarea_id")
        .values_list("outreachevent_id", "focusarea_id")
    )
    for event_id, area_id in links.iterator(chunk_size=CHUNK):
        yield [event_id, *areas[area_id]]


def new_workbook(handle):
    """An XlsxWriter workbook that keeps one row in memory at a time.

    XlsxWriter rather than openpyxl for writing: a third of the time per cell, which is
    what a 100,000-row export is made of. openpyxl still reads the imports.
    """
    import xlsxwriter

    # Only write_string/write_number/write_datetime are used below (never write(), which
    # guesses), so nothing that looks like a formula or an address is ever turned into one.
    return xlsxwriter.Workbook(handle, {"constant_memory": True})


def write_sheet(workbook, title, cols, data, limit=XLSX_MAX_ROWS, heading=None):
    """A sheet with a bold frozen header with filter buttons, widths, then typed cells with
    dd/mm/yyyy dates; cols are (header, width) pairs, a kind after them is not needed here.
    A heading, if given, is a line of its own above the header. Printed, the sheet is A4
    landscape, as wide as one page, with the header repeated on every page."""
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    top = 0
    if heading:
        # Written first: a constant-memory sheet takes its rows in order only.
        sheet.write_string(0, 0, str(heading), workbook.add_format({"bold": True, "font_size": 14}))
        top = 1
    for index, (header, width, *_kind) in enumerate(cols):
        sheet.set_column(index, index, width)
        sheet.write_string(top, index, str(header), bold)
    sheet.freeze_panes(top + 1, 0)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    sheet.repeat_rows(top)
    text, number, date = sheet.write_string, sheet.write_number, sheet.write_datetime
    line = top
    for line, row in enumerate(data, start=top + 1):  # noqa: B007 the last row after the loop
        if line > limit:
            text(line, 0, _("More rows than a sheet can hold: narrow the filter or use CSV."))
            break
        for column, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    text(line, column, value)
            elif kind is int or kind is float:
                number(line, column, value)
            elif kind is datetime.date:
                date(line, column, value, day)
            elif value is not None:
                text(line, column, str(value))
    sheet.autofilter(top, 0, max(min(line, limit), top + 1), len(cols) - 1)
    return sheet
