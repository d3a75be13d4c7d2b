"""Spreadsheet import of activities: read a CSV or XLSX, validate every row, write all or none.

Written here rather than with django-import-export because the rules need things it does not
do together: per-row scope checks against the uploader's branches, refusal of the whole file on
one bad row with the file handed back with an error column, and a zip-bomb check before parsing.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import tallies
from .exports import safe_cell
from .models import ActivityType, Agreement, FocusArea, OutreachEvent, Province, UnionBranch
from .models.agreements import FOCUS_AREA_NOTE
from .permissions import is_central
from .text import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024

# (key, header as staff see it, required)
COLUMNS = [
    ("external_ref", gettext_lazy("Reference (stable, unique)"), True),
    ("title", gettext_lazy("Title"), True),
    ("description", gettext_lazy("Description"), False),
    ("activity_type", gettext_lazy("Activity type code"), True),
    ("focus_areas", gettext_lazy("Focus area codes or names (separate with ;)"), True),
    ("organiser", gettext_lazy("Organising branch code"), True),
    ("partners", gettext_lazy("Partner branch codes (separate with ;)"), False),
    ("province", gettext_lazy("Province code (former: cu:NN)"), False),
    ("place", gettext_lazy("Place"), False),
    ("start_date", gettext_lazy("Start date (dd/mm/yyyy)"), False),
    ("end_date", gettext_lazy("End date (dd/mm/yyyy)"), False),
    ("date_precision", gettext_lazy("Date precision (day/month/year)"), False),
    ("sessions", gettext_lazy("Sessions"), False),
    ("participants", gettext_lazy("Participants"), False),
]
PRECISIONS = {
    "ngay": "day",
    "ngày": "day",
    "day": "day",
    "thang": "month",
    "tháng": "month",
    "month": "month",
    "nam": "year",
    "năm": "year",
    "year": "year",
}


class ImportError_(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    headers: list
    rows: list
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0


class _LookedUp(forms.ModelChoiceField):
    """A choice among the records the import fetched once (by id): no query per row."""

    records = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        record = self.records.get(value)
        if record is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return record


class ImportRowForm(forms.ModelForm):
    activity_type = _LookedUp(ActivityType.objects.none())
    organiser = _LookedUp(UnionBranch.objects.none())
    province = _LookedUp(Province.objects.none(), required=False)

    def __init__(self, *args, lookups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].records = {t.pk: t for t in lookups.types.values()}
        self.fields["organiser"].records = lookups.branch_records
        self.fields["province"].records = {p.pk: p for p in lookups.provinces.values()}

    def _get_validation_exclusions(self):
        # These records were just read from the database, and every reference in the file
        # looked up at once: checking each again would cost a query per row.
        checked = {"activity_type", "organiser", "province", "external_ref"}
        return super()._get_validation_exclusions() | checked

    class Meta:
        model = OutreachEvent
        fields = [
            "external_ref",
            "title",
            "description",
            "activity_type",
            "organiser",
            "partners",
            "province",
            "place",
            "start_date",
            "end_date",
            "date_precision",
            "sessions",
            "participants",
        ]


def headers():
    return [str(label) for _key, label, _required in COLUMNS]


def read_upload(upload):
    """Return (headers, rows) from an uploaded CSV or XLSX, or raise ImportError_."""
    name = (upload.name or "").lower()
    if upload.size > MAX_BYTES:
        raise ImportError_(_("The file is larger than 5 MB. Split it into smaller files."))
    data = upload.read()
    if name.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif name.endswith(".csv"):
        table = _read_csv(data)
    else:
        raise ImportError_(_("Upload a .csv or .xlsx file."))
    table = [row for row in table if any(str(cell or "").strip() for cell in row)]
    if not table:
        raise ImportError_(_("The file is empty."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportError_(_("The file has more than 10,000 rows. Split it into smaller files."))
    return [str(cell or "").strip() for cell in table[0]], table[1:]


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            _("The CSV file is not UTF-8 encoded. In Excel, save it as “CSV UTF-8”.")
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ImportError_(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise ImportError_(_("The spreadsheet unpacks to more than 50 MB; it is refused."))
        # read_only streams rows; formulas come back as their text and are never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
        return rows
    except ImportError_:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ImportError_(_("The file is not a readable Excel (.xlsx) workbook.")) from exc


def validate_and_import(upload, user):
    """Validate every row; write them all in one transaction only when none has an error."""
    file_headers, rows = read_upload(upload)
    result = ImportResult(headers=file_headers, rows=rows)
    positions = _positions(file_headers, result)
    if result.errors:
        return result
    scope = (
        None
        if is_central(user)
        else set(UnionBranch.objects.scope_of(user).values_list("pk", flat=True))
    )
    lookups = _Lookups()
    ref_column = positions.get("external_ref")
    lookups.load_existing([str(_cell(row, ref_column)) for row in rows])
    seen = set()
    prepared = []
    for number, row in enumerate(rows, start=2):
        values = {key: _cell(row, positions.get(key)) for key, _label, _req in COLUMNS}
        form_or_none = _validate_row(number, values, user, scope, lookups, seen, result)
        if form_or_none is not None:
            prepared.append(form_or_none)
    if result.errors:
        return result
    existing = [form.instance.pk for form, _areas in prepared if form.instance.pk]
    with transaction.atomic(), tallies.deferred(existing):
        for form, areas in prepared:
            event = form.save(commit=False)
            created = event.pk is None
            if created:
                event.created_by = user
                event.status = OutreachEvent.Status.DRAFT
            else:
                event.version += 1
            if created:
                event.agreement = lookups.regulation
            event._history_user = user
            event.save()
            form.save_m2m()
            event.focus_areas.set(areas)
            result.created += created
            result.updated += not created
    return result


def _positions(file_headers, result):
    wanted = {str(label).casefold(): key for key, label, _req in COLUMNS}
    wanted.update({key: key for key, _label, _req in COLUMNS})
    positions = {}
    for index, header in enumerate(file_headers):
        key = wanted.get(header.casefold())
        if key:
            positions[key] = index
    for key, label, required in COLUMNS:
        if required and key not in positions:
            result.errors.append(RowError(1, str(label), _("This column is missing.")))
    return positions


def _cell(row, index):
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, datetime.date) else str(value).strip()


class _Lookups:
    """Reference data fetched once per import, not once per row."""

    def __init__(self):
        self.regulation = Agreement.objects.for_new_activities()
        self.types = {t.code: t for t in ActivityType.objects.all()}
        # By code or by name, never by position: an administrator may reorder the list.
        areas = list(FocusArea.objects.all())
        self.areas_by_code = {a.code: a for a in areas}
        self.areas_by_name = {fold(a.name): a for a in areas}
        self.branch_records = UnionBranch.objects.in_bulk()
        self.branches = {branch.code: pk for pk, branch in self.branch_records.items()}
        self.existing = {}

    def load_existing(self, refs):
        """The activities the file's references already name, in a few queries."""
        refs = [ref for ref in refs if ref]
        for start in range(0, len(refs), 2000):
            for event in OutreachEvent.objects.filter(external_ref__in=refs[start : start + 2000]):
                self.existing[event.external_ref] = event
        self.provinces = {(p.era, p.code): p for p in Province.objects.select_related("successor")}


def _validate_row(number, values, user, scope, lookups, seen, result):
    def error(key, message):
        label = next(str(lbl) for k, lbl, _r in COLUMNS if k == key)
        result.errors.append(RowError(number, label, message))

    data = {}
    ref = str(values["external_ref"])
    if ref in seen:
        error("external_ref", _("This reference appears twice in the file."))
    seen.add(ref)
    instance = lookups.existing.get(ref) if ref else None
    if instance is not None and scope is not None and instance.organiser_id not in scope:
        error("external_ref", _("This reference belongs to another branch's activity."))
        return None

    activity_type = lookups.types.get(str(values["activity_type"]))
    if values["activity_type"] and activity_type is None:
        error("activity_type", _("Unknown activity type code."))
    data["activity_type"] = activity_type.pk if activity_type else ""

    areas = []
    for part in str(values["focus_areas"]).split(";"):
        part = part.strip()
        if not part:
            continue
        area = lookups.areas_by_code.get(part) or lookups.areas_by_name.get(fold(part))
        if area is None:
            error(
                "focus_areas",
                _("“%(value)s” is not the code or name of a focus area.") % {"value": part},
            )
        elif not area.is_active and not (instance and instance.focus_areas.filter(pk=area.pk)):
            error("focus_areas", _("“%(value)s” is a retired focus area.") % {"value": part})
        else:
            areas.append(area)
    if not areas and values["focus_areas"] == "":
        error("focus_areas", _("Choose at least one focus area."))

    organiser = lookups.branches.get(str(values["organiser"]))
    if values["organiser"] and organiser is None:
        error("organiser", _("Unknown branch code."))
    elif organiser is not None and scope is not None and organiser not in scope:
        error("organiser", _("This branch is outside the branches you work for."))
    data["organiser"] = organiser or ""

    partners = []
    for code in filter(None, (c.strip() for c in str(values["partners"]).split(";"))):
        if code not in lookups.branches:
            error("partners", _("Unknown branch code “%(code)s”.") % {"code": code})
        else:
            partners.append(lookups.branches[code])
    data["partners"] = partners

    province_value = str(values["province"]).strip()
    if province_value:
        era, _sep, code = province_value.rpartition(":")
        era = "former" if era.strip().lower() in ("cu", "cũ", "former") else "current"
        province = lookups.provinces.get((era, code.strip().zfill(2)))
        if province is None or (_sep and era == "current"):
            error("province", _("Unknown province code."))
        data["province"] = province.pk if province else ""

    for key in ("start_date", "end_date"):
        value = values[key]
        data[key] = value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value
    precision = str(values["date_precision"]).strip().lower()
    if precision and precision not in PRECISIONS:
        error("date_precision", _("Write day, month or year."))
    data["date_precision"] = PRECISIONS.get(precision) or (
        "day" if data["start_date"] else "unknown"
    )
    for key in ("external_ref", "title", "description", "place", "sessions", "participants"):
        data[key] = values[key]

    form = ImportRowForm(data=data, instance=instance, lookups=lookups)
    form.fields["start_date"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    form.fields["end_date"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    if not form.is_valid():
        for key, messages in form.errors.items():
            column = key if key in dict((k, 1) for k, _l, _r in COLUMNS) else None
            for message in messages:
                if column:
                    error(column, message)
                else:
                    result.errors.append(RowError(number, "", message))
        return None
    return form, areas


def annotated_file(result, as_xlsx):
    """The uploaded rows with an added error column, for staff to fix in Excel."""
    by_row = {}
    for error in result.errors:
        text = f"{error.column}: {error.message}" if error.column else error.message
        by_row.setdefault(error.row, []).append(text)
    header = [*result.headers, _("Errors")]
    body = [
        [*row, " | ".join(by_row.get(number, []))]
        for number, row in enumerate(result.rows, start=2)
    ]
    if as_xlsx:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(header)
        for row in body:
            sheet.append([safe_cell(cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[safe_cell(cell) for cell in row] for row in body])
    return buffer.getvalue().encode("utf-8-sig")


def template_workbook(example_branch_code):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hoạt động"
    sheet.append(headers())
    sheet.append(
        [
            "BN-2025-Q3-001",
            "Tuyên truyền phòng, chống lừa đảo cho công nhân KCN Quế Võ",
            "Nói chuyện chuyên đề về các thủ đoạn lừa đảo qua mạng",
            "tuyen-truyen",
            "; ".join(area.code for area in FocusArea.objects.active().order_by("number")[:2]),
            example_branch_code,
            "",
            "24",
            "KCN Quế Võ",
            "15/08/2025",
            "",
            "day",
            "2",
            "350",
        ]
    )
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    sheet.freeze_panes = "A2"
    areas = workbook.create_sheet(_("Focus areas")[:31])
    areas.append([str(FOCUS_AREA_NOTE)])
    areas.append([_("Code"), _("Name")])
    for area in FocusArea.objects.active().order_by("number"):
        areas.append([area.code, area.name])
    areas.column_dimensions["A"].width = 24
    areas.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
