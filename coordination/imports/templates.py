"""Import templates: a data sheet with drop-downs, a sample row that is never imported, and
sheets that list the valid codes with their names, filled for the user's branches."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .. import province_refs
from ..models import ActivityType, FocusArea, Province, UnionBranch
from ..models.agreements import FOCUS_AREA_NOTE
from .activities import COLUMNS
from .results import NOTE_MARK

NAME = pgettext_lazy("spreadsheet column", "Name")
#: Rows of the data sheet that get drop-downs (the sample row and 10,000 more).
VALIDATED_ROWS = 10_001
WIDTHS = {"title": 40, "description": 40, "focus_areas": 30, "partners": 26, "place": 24}


class TemplateBook:
    """An XlsxWriter workbook with a data sheet first (the import reads the first sheet)."""

    def __init__(self, data_title, columns):
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.bold = self.book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.sample = self.book.add_format(
            {"italic": True, "font_color": "#7F7F7F", "text_wrap": True, "valign": "top"}
        )
        self.columns = columns
        self.data = self.book.add_worksheet(data_title[:31])
        for index, (key, label, required) in enumerate(columns):
            header = f"{label} *" if required else str(label)
            self.data.write_string(0, index, header, self.bold)
            self.data.set_column(index, index, WIDTHS.get(key, 18))
        self.data.set_row(0, 45)
        self.data.freeze_panes(1, 0)
        # Printed or converted to PDF, the whole width fits on a landscape page.
        self.data.set_landscape()
        self.data.set_paper(9)  # A4
        self.data.fit_to_pages(1, 0)
        self.data.repeat_rows(0)
        self.data.hide_gridlines(0)  # printed with gridlines, as on screen
        self.position = {key: index for index, (key, _l, _r) in enumerate(columns)}
        self.first_row = 1  # the first data row (0-based): drop-downs start there
        self.names = {self.data.get_name().casefold()}

    @classmethod
    def around(cls, book, data, positions, header_row):
        """The code sheets and drop-downs added to a workbook already written (an import's
        returned error file): `positions` maps a column's key to its index in `data`."""
        self = cls.__new__(cls)
        self.buffer, self.book, self.data = None, book, data
        self.bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.position = dict(positions)
        self.first_row = header_row
        self.names = {data.get_name().casefold()}
        return self

    def _sheet(self, title):
        """A new sheet; its title changed when the user's own sheet bears it already."""
        title = title[:31]
        if title.casefold() in self.names:
            title = title[:27] + " (2)"
        self.names.add(title.casefold())
        return self.book.add_worksheet(title), title

    def sample_row(self, values, first_key):
        """Row 2: an example whose first cell starts with # (so it is never imported)."""
        values = {first_key: NOTE_MARK + " " + _("SAMPLE, not imported"), **values}
        self.data.set_row(1, 48)
        for key, value in values.items():
            self.data.write_string(1, self.position[key], value, self.sample)
        self.data.write_comment(
            1,
            self.position[first_key],
            _("Rows whose first cell here starts with # are never imported: overwrite this one."),
            {"x_scale": 1.5},
        )

    def code_sheet(self, title, headers, rows, note=""):
        """A sheet listing codes in column A; returns the range a drop-down can point at."""
        sheet, title = self._sheet(title)
        for index, header in enumerate(headers):
            sheet.write_string(0, index, str(header), self.bold)
            sheet.set_column(index, index, 16 if index == 0 else 60)
        for number, row in enumerate(rows, start=1):
            for index, value in enumerate(row):
                sheet.write_string(number, index, str(value))
        if note:
            sheet.write_string(0, len(headers), note)
        sheet.freeze_panes(1, 0)
        last = max(len(rows), 1) + 1
        return f"='{title}'!$A$2:$A${last}"

    def drop_down(self, key, source, strict=True, message=""):
        """A list drop-down; not strict where a cell may hold several codes or a typed one."""
        index = self.position.get(key)
        if index is None:
            return  # a column the user's file does not have
        self.data.data_validation(
            self.first_row,
            index,
            self.first_row + VALIDATED_ROWS - 1,
            index,
            {
                "validate": "list",
                "source": source,
                "input_message": message[:255],
                "error_type": "stop" if strict else "information",
                "error_message": _("Choose a value from the list.")[:255],
            },
        )

    def whole_number(self, key):
        index = self.position.get(key)
        if index is None:
            return
        self.data.data_validation(
            self.first_row,
            index,
            self.first_row + VALIDATED_ROWS - 1,
            index,
            {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_message": _("Write a whole number, 0 or more.")[:255],
            },
        )

    def instructions(self, lines):
        sheet, _title = self._sheet(_("Instructions"))
        sheet.set_column(0, 0, 120)
        wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        for number, line in enumerate(lines):
            sheet.write_string(number, 0, line, self.bold if number == 0 else wrap)

    def close(self):
        self.book.close()
        return self.buffer.getvalue()


def branch_scope(user):
    branches = UnionBranch.objects.workable_by(user).select_related("province")
    return branches.order_by("level", "code")


def activity_template(user):
    """The activity template for this user: their branches as the organiser drop-down."""
    scope = list(branch_scope(user))
    book = TemplateBook(_("Activities"), COLUMNS)
    book.sample_row(
        {
            "title": "Tuyên truyền phòng, chống lừa đảo cho công nhân KCN Quế Võ",
            "description": "Nói chuyện chuyên đề về các thủ đoạn lừa đảo qua mạng",
            "activity_type": "tuyen-truyen",
            "focus_areas": "qc04-tuyen-truyen; qc04-toi-pham",
            "organiser": scope[0].code if scope else "",
            "province": "24",
            "place": "KCN Quế Võ",
            "start_date": "15/08/2025",
            "date_precision": "ngày",
            "sessions": "2",
            "participants": "350",
        },
        "external_ref",
    )
    activity_sheets(book, user, scope)
    return book.close()


def activity_sheets(book, user, scope=None):
    """The code sheets, drop-downs and instructions of the activity template (also added to
    the error file an import hands back, so the clerk fixes it with the same lists)."""
    scope = list(branch_scope(user)) if scope is None else scope
    types = book.code_sheet(
        _("Activity types"),
        [_("Code"), NAME],
        [(t.code, str(t)) for t in ActivityType.objects.order_by("order", "sort_key")],
    )
    book.drop_down("activity_type", types)
    areas = book.code_sheet(
        _("Focus areas"),
        [_("Code"), NAME],
        [(a.code, str(a)) for a in FocusArea.objects.active().order_by("number")],
        note=str(FOCUS_AREA_NOTE),
    )
    book.drop_down(
        "focus_areas",
        areas,
        strict=False,
        message=_("Pick one, or type several codes separated by ;"),
    )
    mine = book.code_sheet(
        _("Branches"),
        [_("Code"), NAME, _("Province")],
        [(b.code, b.name, b.province.name if b.province else "") for b in scope],
    )
    book.drop_down("organiser", mine, message=_("One of the branches you work for."))
    book.code_sheet(
        _("Partners"),
        [_("Code"), NAME],
        UnionBranch.objects.order_by("level", "code").values_list("code", "name"),
    )
    provinces = book.code_sheet(
        _("Provinces"),
        [_("Code"), NAME],
        [
            (province_refs.sheet(p), p.choice_label())
            for p in Province.objects.select_related("successor").order_by("era", "code")
        ],
    )
    book.drop_down(
        "province",
        provinces,
        strict=False,
        message=_(
            "Blank when the source gives no place, or for a nationwide activity (then write "
            "“có” in the last column, “Nationwide”); cu:NN for a former province."
        ),
    )
    book.drop_down("date_precision", '"ngày,tháng,năm"', strict=True)
    book.drop_down(
        "nationwide",
        '"có"',
        message=_("“có” when the source says the activity covered the whole country."),
    )
    book.whole_number("sessions")
    book.whole_number("participants")
    book.instructions(
        [
            _("How to fill in this file"),
            _("Fill one activity per row of the first sheet; columns marked * are required."),
            _(
                "Row 2 is a sample: its reference starts with #, so it is never imported. "
                "Overwrite it or leave it."
            ),
            _(
                "Leave the ID blank for a new activity. A row with an ID, or with a reference "
                "that already exists, updates that activity."
            ),
            _("Dates are dd/mm/yyyy, e.g. 15/08/2025. Codes are listed in the other sheets."),
            _(
                "Every row is checked before anything is saved. If one row has an error, nothing "
                "is imported and you get this file back with each problem marked."
            ),
        ]
    )
