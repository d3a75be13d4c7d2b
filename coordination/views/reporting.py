"""Dashboard, exports and the periodic report: all built on the list's FilterSet."""

import io

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from .. import exports, reports
from ..filters import OutreachEventFilter
from ..forms import ReportForm
from ..models import OutreachEvent
from ..pagecache import public_page

SEARCH_CAP = 20_000


def _filtered(request, data=None):
    return OutreachEventFilter(
        request.GET if data is None else data,
        queryset=OutreachEvent.objects.published(),
        request=request,
    )


def _breakdowns(events, recorded=False, unit="month"):
    return {
        "provinces": reports.with_shares(reports.by_province(events, recorded=recorded)),
        "focus_areas": reports.with_shares(reports.by_focus_area(events)),
        "types": reports.with_shares(reports.by_type(events)),
        "periods": reports.with_shares(reports.by_period(events, unit)),
        "branches": reports.with_shares(reports.top_branches(events)),
    }


def _link_rows(breakdowns, base):
    """Give every row the address of the activity list filtered to it."""
    for rows in breakdowns.values():
        for row in rows:
            row["query"] = urlencode({**base, **row["params"]})
    return breakdowns


def dashboard_figures(filterset, recorded=False, unit="month"):
    """The dashboard's totals and breakdowns for a bound FilterSet (the API's /stats/ too),
    or None for a text search too broad to add up."""
    events = filterset.tallies()
    if events is None:
        # Adding up most of a million rows takes seconds: a broad search is only counted.
        if filterset.form.cleaned_data.get("q") and (
            filterset.qs.order_by()[: SEARCH_CAP + 1].count() > SEARCH_CAP
        ):
            return None
        events = reports.EventSource(filterset.qs)
    return {
        "totals": reports.qualify(reports.totals(events), filterset.qs),
        "breakdowns": _breakdowns(events, recorded, unit),
    }


@public_page
def dashboard(request):
    filterset = _filtered(request)
    recorded = request.GET.get("count_by") == "recorded"
    unit = "quarter" if request.GET.get("unit") == "quarter" else "month"
    figures = dashboard_figures(filterset, recorded, unit)
    base = {
        key: value
        for key, value in request.GET.items()
        if key in filterset.filters and key not in ("sort",) and value
    }
    context = {
        "filter": filterset,
        "too_broad": figures is None,
        "search_cap": SEARCH_CAP,
        "recorded": recorded,
        "unit": unit,
        "filters_query": urlencode(base),
    }
    if figures is not None:
        context["totals"] = figures["totals"]
        context["breakdowns"] = _link_rows(figures["breakdowns"], base)
    return render(request, "coordination/dashboard.html", context)


def _export_name(extension):
    return f"hoat-dong-{timezone.localdate():%Y%m%d}.{extension}"


def export_csv(request):
    events = _filtered(request).qs
    response = StreamingHttpResponse(
        exports.csv_lines(events, request.build_absolute_uri("/")[:-1]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


def export_xlsx(request):
    events = _filtered(request).qs
    handle = exports.xlsx_file(events, request.build_absolute_uri("/")[:-1])
    return FileResponse(handle, as_attachment=True, filename=_export_name("xlsx"))


def periodic_report(request):
    form = ReportForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        scope = {
            "province": data["province"],
            "branch": data["branch"].code if data["branch"] else "",
        }
        current = _filtered(
            request, {**scope, "date_after": data["start"], "date_before": data["end"]}
        ).qs
        prev_start, prev_end = data["previous"]
        previous = _filtered(
            request, {**scope, "date_after": prev_start, "date_before": prev_end}
        ).qs
        added_up = reports.EventSource(current)
        totals, before = reports.totals(added_up), reports.totals(previous)
        dates = {"date_after": _typed(data["start"]), "date_before": _typed(data["end"])}
        breakdowns = _link_rows(
            _breakdowns(added_up, unit="month"), {**dates, **{k: v for k, v in scope.items() if v}}
        )
        context.update(
            start=data["start"],
            end=data["end"],
            previous=data["previous"],
            totals=totals,
            comparison=reports.compare(totals, before),
            breakdowns=breakdowns,
            events=current.for_list()[:REPORT_LIST_LIMIT],
            list_query=urlencode({**dates, **{k: v for k, v in scope.items() if v}}),
            scope_label=_scope_label(data),
        )
        if request.GET.get("format") == "xlsx":
            return _report_workbook(context, current)
    return render(request, "coordination/report.html", context)


REPORT_LIST_LIMIT = 500


def _typed(day):
    """A date as users type it in the date boxes the link fills."""
    return day.strftime("%d/%m/%Y")


def _scope_label(data):
    parts = []
    if data["province"]:
        parts.append(dict(ReportForm().fields["province"].choices)[data["province"]])
    if data["branch"]:
        parts.append(data["branch"].name)
    return ", ".join(parts)


def _report_workbook(context, events):
    """The report as a workbook, in the language of the page it was asked from."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from ..models.agreements import FOCUS_AREA_NOTE

    buffer = io.BytesIO()
    workbook = exports.new_workbook(buffer)
    exports.write_sheet(
        workbook,
        _("Summary"),
        [
            (_("Figure"), 30),
            (_("This period"), 16),
            (_("Previous period"), 16),
            (pgettext("difference between periods", "Change"), 12),
        ],
        [[row["label"], row["now"], row["before"], row["change"]] for row in context["comparison"]],
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
        "focus_areas": f"{_('Focus area')} ({FOCUS_AREA_NOTE})",
        "types": _("Activity type"),
        "periods": _("Month"),
        "branches": _("Union branch"),
    }
    unknown = _("unknown")
    for key, title in names.items():
        cols = [
            (headings[key], 50),
            (_("Activities"), 12),
            (_("Sessions"), 12),
            (_("Participants"), 14),
        ]
        exports.write_sheet(
            workbook,
            title,
            cols,
            [
                # A sum of 0 means no report gave the figure.
                [
                    r["label"],
                    r["activities"],
                    r["sessions"] or unknown,
                    r["participants"] or unknown,
                ]
                for r in context["breakdowns"][key]
            ],
        )
    exports.write_sheet(workbook, _("Activities"), exports.columns(), exports.rows(events))
    workbook.close()
    buffer.seek(0)
    name = f"bao-cao-{context['start']:%Y%m%d}-{context['end']:%Y%m%d}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)
