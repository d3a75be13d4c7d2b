"""The periodic report (sơ kết, tổng kết): on screen, as a document to print and sign, and
as a workbook. Built on the list's FilterSet, like the dashboard."""

import tempfile

from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import dates, exports, figures, reports
from ..downloads import download
from ..forms import ReportForm
from ..limits import expensive
from ..models.agreements import FOCUS_AREA_NOTE
from .reporting import _breakdowns, _filtered, _link_rows, short_slug

#: The page shows the most recent few and links to the list for the rest (with hundreds of
#: rows the page was metres long); the workbook lists them all.
REPORT_RECENT = 10


@expensive(when=lambda request: bool(request.GET))
def periodic_report(request):
    # An empty address opens on the last quarter that has ended, not on an empty form.
    form = ReportForm(request.GET or ReportForm.last_completed_quarter())
    context = {"form": form}
    if form.is_valid():
        context.update(_report(request, form.cleaned_data))
        if request.GET.get("format") == "xlsx":
            return _report_workbook(context, request)
        if request.GET.get("format") == "print":
            return render(request, "coordination/report_print.html", context)
    return render(request, "coordination/report.html", context)


def _report(request, data):
    scope = {"province": data["province"], "branch": data["branch"].code if data["branch"] else ""}
    # As users type them in the date boxes the links fill.
    typed = {
        "date_after": dates.shown(data["start"]),
        "date_before": dates.shown(data["end"]),
    }
    selected = _filtered(request, {**scope, **typed})
    current = selected.qs
    prev_start, prev_end = data["previous"]
    previous = _filtered(request, {**scope, "date_after": prev_start, "date_before": prev_end})
    added_up = figures.of(selected)
    totals, before = reports.totals(added_up), reports.totals(figures.of(previous))
    list_params = {**typed, **{key: value for key, value in scope.items() if value}}
    chosen = {"branch": data["branch"], "date_after": data["start"], "date_before": data["end"]}
    breakdowns = _link_rows(_breakdowns(added_up, unit="month", chosen=chosen), list_params)
    query = request.GET.copy()
    query.pop("format", None)
    return {
        "start": data["start"],
        "end": data["end"],
        "previous": data["previous"],
        "period_label": data["period_label"],
        "period_slug": data["period_slug"],
        "totals": totals,
        "comparison": reports.compare(totals, before),
        "summary": reports.summary(totals, added_up, data["start"], data["end"]),
        "breakdowns": breakdowns,
        "events": current.for_list()[:REPORT_RECENT],
        "list_query": urlencode(list_params),
        "report_query": query.urlencode() or urlencode(_form_query(data)),
        "scope_label": _scope_label(data),
        "issuer": data["branch"],
        "issuer_parent": data["branch"].parent if data["branch"] else None,
        "made_on": timezone.localdate(),
        "current_events": current,
    }


def _form_query(data):
    """The address of the report the page opened on, for its print and download links."""
    keys = ("period", "year", "quarter", "half", "date_from", "date_to", "province", "branch")
    values = {key: data.get(key) for key in keys}
    values["branch"] = values["branch"].code if values["branch"] else None
    return {key: value for key, value in values.items() if value not in (None, "")}


def _scope_label(data):
    parts = []
    if data["province"]:
        parts.append(dict(ReportForm().fields["province"].choices)[data["province"]])
    if data["branch"]:
        parts.append(data["branch"].name)
    return ", ".join(str(part) for part in parts)


def _report_workbook(context, request):
    """The report as a workbook, in the language of the page it was asked from."""
    # On disk, not in memory: a 20-year report lists every activity of the period.
    buffer = tempfile.TemporaryFile()
    workbook = exports.new_workbook(buffer)
    exports.write_sheet(
        workbook,
        _("About this report"),
        [(_("Item"), 28), (_("Value"), 70)],
        _about_rows(context, request),
    )
    how_exact = _("how exact")
    exports.write_sheet(
        workbook,
        _("Summary"),
        [
            (_("Figure"), 30),
            (_("This period"), 16),
            (how_exact, 16),
            (_("Previous period"), 16),
            (how_exact, 16),
            (pgettext("difference between periods", "Change"), 12),
        ],
        [
            [row["label"], *_cells(row["now"]), *_cells(row["before"]), row["change"]]
            for row in context["comparison"]
        ],
    )
    names = {
        "provinces": _("By province"),
        "focus_areas": _("By focus area"),
        "types": _("By activity type"),
        "periods": _("By month"),
        "branches": _("Top branches"),
    }
    headings = {
        "provinces": _("Province"),
        "focus_areas": _("Focus area") + f" ({FOCUS_AREA_NOTE})",
        "types": _("Activity type"),
        "periods": _("Month"),
        "branches": _("Union branch"),
    }
    for key, title in names.items():
        cols = [
            (headings[key], 50),
            (_("Activities"), 12),
            (_("Sessions"), 12),
            (how_exact, 16),
            (_("Participants"), 14),
            (how_exact, 16),
        ]
        rows = context["breakdowns"][key]
        if key == "provinces" and context["breakdowns"]["nationwide"]:
            rows = [*rows, context["breakdowns"]["nationwide"]]
        exports.write_sheet(
            workbook,
            title,
            cols,
            [
                [r["label"], r["activities"], *_cells(r["sessions"]), *_cells(r["participants"])]
                for r in rows
            ],
        )
    exports.write_sheet(
        workbook,
        _("Activities"),
        exports.columns(),
        exports.rows(context["current_events"], request.build_absolute_uri("/")[:-1]),
    )
    workbook.close()
    buffer.seek(0)
    return download(buffer, f"{_report_name(context)}.xlsx")


def _cells(figure):
    """A Figure as two cells: the number (a text "chưa rõ" when no activity gave it, never 0),
    then how exact it is ("chính xác", "hơn", "ít nhất"…)."""
    return [figure.value if figure.known else str(figure), figure.precision]


def _about_rows(context, request):
    """The workbook's first sheet: what it covers, with which filters, made when and where."""
    start, end = context["start"], context["end"]
    prev_start, prev_end = context["previous"]
    return [
        [_("Report"), _("Periodic coordination report")],
        [_("Period"), str(context["period_label"])],
        [_("From"), dates.shown(start)],
        [_("To"), dates.shown(end)],
        [
            _("Compared with"),
            f"{dates.shown(prev_start)} – {dates.shown(prev_end)}",
        ],
        [_("Province"), _scope_part(context, "province") or _("All provinces")],
        [_("Union branch"), _scope_part(context, "branch") or _("All branches")],
        [_("Counted"), _("Published activities only, by their start date.")],
        [_("Made on"), dates.shown(context["made_on"])],
        [_("Address"), request.build_absolute_uri()],
    ]


def _scope_part(context, name):
    data = context.get("form").cleaned_data if context.get("form") else {}
    if name == "province" and data.get("province"):
        return dict(context["form"].fields["province"].choices)[data["province"]]
    if name == "branch" and data.get("branch"):
        return data["branch"].name
    return ""


def _report_name(context):
    """ "bao-cao_bac-ninh_2025-q3" """
    parts = ["bao-cao"]
    if context["scope_label"]:
        parts.append(short_slug(context["scope_label"], 60))
    parts.append(context["period_slug"])
    return "_".join(parts)
