"""The staff export: the import's own columns (ID, reference, codes), so a file exported from
the admin list can be corrected and imported back as it is, updating the same activities."""

import csv
import io
import tempfile

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .. import activity_fields, dates, exports, province_refs
from ..models import ActivityType, FocusArea, OutreachEvent, Province, UnionBranch
from .columns import COLUMNS
from .columns import FIELDS as IMPORTED

NATIONWIDE_YES = "có"
PRECISION_WORDS = {"day": "ngày", "month": "tháng", "year": "năm", "unknown": ""}
FIELDS = ["pk", *activity_fields.columns(IMPORTED), "status"]
WIDTHS = {"title": 50, "description": 40, "focus_areas": 34, "partners": 26, "place": 24}


def headers():
    """The import's headers, then what is shown but not imported."""
    return [str(label) for _k, label, _r in COLUMNS] + [_("Status (not imported)")]


def rows(events):
    """One row per event in the import's column order, streamed in chunks."""
    types = dict(ActivityType.objects.values_list("pk", "code"))
    branches = dict(UnionBranch.objects.values_list("pk", "code"))
    linked_branches = {str(pk): code for pk, code in branches.items()}
    areas = {str(pk): code for pk, code in FocusArea.objects.values_list("pk", "code")}
    provinces = {p.pk: province_refs.sheet(p) for p in Province.objects.only("code", "era")}
    statuses = {value: str(capfirst(label)) for value, label in OutreachEvent.Status.choices}
    linked = events.order_by("pk").annotate(
        focus_ids=exports.LinkedIds(OutreachEvent.focus_areas.through, "focusarea_id"),
        partner_ids=exports.LinkedIds(OutreachEvent.partners.through, "unionbranch_id"),
    )
    values = linked.values_list(*FIELDS, "focus_ids", "partner_ids")
    for (
        pk,
        ref,
        title,
        description,
        type_id,
        organiser_id,
        province_id,
        place,
        start,
        end,
        precision,
        sessions,
        participants,
        nationwide,
        status,
        focus_ids,
        partner_ids,
    ) in values.iterator(chunk_size=exports.CHUNK):
        yield [
            pk,
            ref or "",
            title,
            description,
            types[type_id],
            _codes(focus_ids, areas),
            branches[organiser_id],
            _codes(partner_ids, linked_branches),
            provinces.get(province_id, ""),
            place,
            start,
            end,
            PRECISION_WORDS[precision],
            sessions,
            participants,
            NATIONWIDE_YES if nationwide else "",
            statuses[status],
        ]


def _codes(ids, codes):
    """The codes of comma-separated ids (exports.LinkedIds), sorted and joined with "; "."""
    return "; ".join(sorted(codes[i] for i in ids.split(","))) if ids else ""


def xlsx_file(events):
    handle = tempfile.TemporaryFile()
    workbook = exports.new_workbook(handle)
    cols = [(str(label), WIDTHS.get(key, 16)) for key, label, _r in COLUMNS]
    cols.append((headers()[-1], 14))
    exports.write_sheet(workbook, _("Activities"), cols, rows(events))
    workbook.close()
    handle.seek(0)
    return handle


def csv_lines(events):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    yield "\ufeff" + exports._drain(buffer)
    for row in rows(events):
        writer.writerow(
            [
                dates.shown(value) if hasattr(value, "strftime") else exports.safe_cell(value)
                for value in row
            ]
        )
        if buffer.tell() > 64 * 1024:
            yield exports._drain(buffer)
    yield exports._drain(buffer)
