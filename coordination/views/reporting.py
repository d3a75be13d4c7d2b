"""Dashboard, exports and the periodic report: all built on the list's FilterSet."""

import io

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .. import exports, reports
from ..filters import OutreachEventFilter, active_filters, heading, swapped_dates
from ..forms import ReportForm
from ..models import OutreachEvent
from ..pagecache import public_page
from .public import clean_address

SEARCH_CAP = 20_000


def _filtered(request, data=None):
    return OutreachEventFilter(
        request.GET if data is None else data,
        queryset=OutreachEvent.objects.published(),
        request=request,
    )


def _breakdowns(events, recorded=False, unit="month", chosen=None):
    """Every row counts what its link opens: rows are clipped to the dates chosen, branches
    kept to the branch chosen; the focus areas of a list filtered by one area are not
    broken down (the list takes one area, so "this area and that one" has no address)."""
    chosen = chosen or {}
    first, last = chosen.get("date_after"), chosen.get("date_before")
    branch = chosen.get("branch")
    provinces = reports.with_shares(reports.by_province(events, recorded=recorded))
    if chosen.get("province") and not recorded:
        # One row, the chosen province's successor: its address is the filter already chosen
        # (a former province chosen must not widen to the whole current one).
        for row in provinces:
            row["params"] = {}
    return {
        "provinces": provinces,
        "nationwide": reports.nationwide(events),
        "focus_areas": []
        if chosen.get("focus_area")
        else reports.with_shares(reports.by_focus_area(events)),
        "types": reports.with_shares(reports.by_type(events)),
        "periods": reports.with_shares(reports.by_period(events, unit, first, last)),
        "branches": reports.with_shares(
            reports.top_branches(events, within=branch.pk if branch else None)
        ),
    }


def _link_rows(breakdowns, base):
    """Give every row the address of the activity list filtered to it."""
    for rows in breakdowns.values():
        for row in [rows] if isinstance(rows, dict) else rows or []:
            row["query"] = urlencode({**base, **row["params"]})
    return breakdowns


def _chosen(filterset):
    """The filters that were given and are valid, by name."""
    filterset.errors  # noqa: B018 validates the form
    return {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "") and name != "sort"
    }


@public_page
def dashboard(request):
    if response := clean_address(request):
        return response
    filterset = _filtered(request)
    events = filterset.tallies()
    too_broad = False
    if events is None:
        events = reports.EventSource(filterset.qs)
        # Adding up most of a million rows takes seconds: a broad search is only counted.
        too_broad = bool(filterset.form.cleaned_data.get("q")) and (
            filterset.qs.order_by()[: SEARCH_CAP + 1].count() > SEARCH_CAP
        )
    chosen = _chosen(filterset)
    recorded = request.GET.get("count_by") == "recorded"
    base = {
        key: value
        for key, value in request.GET.items()
        if key in filterset.filters and key not in ("sort",) and value
    }
    chips = active_filters(filterset, request.GET)
    context = {
        "filter": filterset,
        "chips": chips,
        "heading": heading(chips),
        "swap_query": swapped_dates(filterset, request.GET),
        "units": [("year", _("year")), ("quarter", _("quarter")), ("month", _("month"))],
        "too_broad": too_broad,
        "search_cap": SEARCH_CAP,
        "recorded": recorded,
        "filters_query": urlencode(base),
    }
    if not too_broad:
        first, last = chosen.get("date_after"), chosen.get("date_before")
        unit = request.GET.get("unit")
        if unit not in reports.UNITS:
            unit = reports.period_unit(events, first, last)
        context["unit"] = unit
        context["totals"] = reports.totals(events)
        context["summary"] = reports.summary(events, filterset.qs, first, last)
        context["breakdowns"] = _link_rows(_breakdowns(events, recorded, unit, chosen), base)
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
        breakdowns = _link_rows(
            _breakdowns(added_up, unit="month", chosen={"branch": data["branch"]}),
            {
                "date_after": data["start"].isoformat(),
                "date_before": data["end"].isoformat(),
                **{k: v for k, v in scope.items() if v},
            },
        )
        context.update(
            start=data["start"],
            end=data["end"],
            previous=data["previous"],
            totals=totals,
            comparison=reports.compare(totals, before),
            breakdowns=breakdowns,
            events=current.for_list()[:REPORT_LIST_LIMIT],
            list_query=urlencode(
                {
                    "date_after": data["start"].isoformat(),
                    "date_before": data["end"].isoformat(),
                    **{k: v for k, v in scope.items() if v},
                }
            ),
            scope_label=_scope_label(data),
        )
        if request.GET.get("format") == "xlsx":
            return _report_workbook(context, current)
    return render(request, "coordination/report.html", context)


REPORT_LIST_LIMIT = 500


def _scope_label(data):
    parts = []
    if data["province"]:
        parts.append(dict(ReportForm().fields["province"].choices)[data["province"]])
    if data["branch"]:
        parts.append(data["branch"].name)
    return ", ".join(parts)


def _report_workbook(context, events):
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    buffer = io.BytesIO()
    workbook = exports.new_workbook(buffer)
    with override("vi"):
        exports.write_sheet(
            workbook,
            _("Summary"),
            [
                (_("Figure"), 30),
                (_("This period"), 16),
                (_("Previous period"), 16),
                (_("Change"), 12),
            ],
            [
                [row["label"], row["now"], row["before"], row["change"]]
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
        cols = [
            (_("Name"), 50),
            (_("Activities"), 12),
            (_("Sessions"), 12),
            (_("Participants"), 14),
        ]
        for key, title in names.items():
            exports.write_sheet(
                workbook,
                title,
                cols,
                [
                    [r["label"], r["activities"], r["sessions"], r["participants"]]
                    for r in context["breakdowns"][key]
                ],
            )
        exports.write_sheet(workbook, _("Activities"), exports.columns(), exports.rows(events))
    workbook.close()
    buffer.seek(0)
    name = f"bao-cao-{context['start']:%Y%m%d}-{context['end']:%Y%m%d}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)
