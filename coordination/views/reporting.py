"""Dashboard and exports: both built on the list's FilterSet."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .. import exports, figures, reports
from ..downloads import download
from ..filters import OutreachEventFilter, active_filters, applied, heading, swapped_dates
from ..limits import expensive
from ..models import OutreachEvent
from ..months import months_spanned, whole_months
from ..pagecache import public_page
from ..text import slug
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


def dashboard_figures(filterset, recorded=False, unit=None):
    """The dashboard's totals, opening line and breakdowns for a bound FilterSet (the API's
    /stats/ too), or None for a text search too broad to add up. Without a `unit`, the time
    breakdown's unit follows the span of the activities."""
    given = applied(filterset)
    # Adding up most of a million rows takes seconds: a broad search is only counted.
    if given.get("q") and filterset.qs.order_by()[: SEARCH_CAP + 1].count() > SEARCH_CAP:
        return None
    events = figures.of(filterset)
    first, last = given.get("date_after"), given.get("date_before")
    if unit not in reports.UNITS:
        unit = reports.period_unit(events, first, last)
    totals = reports.totals(events)
    return {
        "totals": totals,
        "summary": reports.summary(totals, events, first, last),
        "unit": unit,
        "breakdowns": _breakdowns(events, recorded, unit, given),
    }


@public_page(params=[*OutreachEventFilter.base_filters, "count_by", "unit"])
def dashboard(request):
    if response := clean_address(request):
        return response
    filterset = _filtered(request)
    recorded = request.GET.get("count_by") == "recorded"
    shown = dashboard_figures(filterset, recorded, request.GET.get("unit"))
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
        "too_broad": shown is None,
        "search_cap": SEARCH_CAP,
        "recorded": recorded,
        "filters_query": urlencode(base),
    }
    if shown is not None:
        context.update(shown)
        context["breakdowns"] = _link_rows(shown["breakdowns"], base)
    return render(request, "coordination/dashboard.html", context)


def _export_name(request, extension):
    """ "hoat-dong_bac-ninh_tuyen-truyen_2025-q3.xlsx": what the file holds, in its name."""
    filterset = _filtered(request)
    chips = active_filters(filterset, request.GET)
    dates = {chip["name"]: chip for chip in chips if chip["name"].startswith("date_")}
    parts = ["hoat-dong"] + [
        short_slug(str(chip["value"]), 40) for chip in chips if not chip["name"].startswith("date_")
    ]
    data = filterset.form.cleaned_data
    parts.append(
        _period_slug(data.get("date_after"), data.get("date_before"))
        if dates
        else f"{timezone.localdate():%Y-%m-%d}"
    )
    return "_".join(part for part in parts if part) + "." + extension


def short_slug(text, limit):
    """slug(text), cut after a whole word: "uy-ban-nhan-dan", never "uy-ban-nhan-d"."""
    whole = slug(text, limit=len(text) * 4 + 1)
    if len(whole) <= limit:
        return whole
    return whole[: limit + 1].rpartition("-")[0] or whole[:limit]


def _period_slug(first, last):
    """2025-q3, 2025-05, 2025, or the two dates; "tu-…" / "den-…" for an open range."""
    if first and last:
        if whole_months(first, last):
            months = months_spanned(first, last)
            if months == 1:
                return f"{first:%Y-%m}"
            if months == 3 and first.month % 3 == 1:
                return f"{first.year}-q{(first.month - 1) // 3 + 1}"
            if months == 12 and first.month == 1:
                return str(first.year)
        return f"{first:%Y-%m-%d}_{last:%Y-%m-%d}"
    return f"tu-{first:%Y-%m-%d}" if first else f"den-{last:%Y-%m-%d}"


def _refused(request, filterset):
    """400: an export never drops a filter it cannot read (it would hold far more rows than
    were asked for, often the whole country); the page names each bad parameter."""
    problems = []
    for name, messages in filterset.errors.items():
        # The form's own errors (a reversed date range) are about both dates.
        for field in ("date_after", "date_before") if name == "__all__" else (name,):
            label = filterset.form.fields[field].label if field in filterset.form.fields else ""
            problems.append({"name": field, "label": label, "messages": messages})
    context = {"problems": problems, "query": request.GET.urlencode()}
    response = render(request, "coordination/export_refused.html", context, status=400)
    response["Cache-Control"] = "no-store"
    return response


def export_csv(request):
    filterset = _filtered(request)
    if not filterset.is_valid():
        return _refused(request, filterset)
    return _csv_file(request, filterset)


def export_xlsx(request):
    filterset = _filtered(request)
    if not filterset.is_valid():
        return _refused(request, filterset)
    return _xlsx_file(request, filterset)


@expensive()
def _csv_file(request, filterset):
    events = filterset.qs
    separator = exports.SEPARATORS.get(request.GET.get("sep", ""), ",")
    lines = exports.csv_lines(events, request.build_absolute_uri("/")[:-1], delimiter=separator)
    return download(lines, _export_name(request, "csv"))


@expensive()
def _xlsx_file(request, filterset):
    events = filterset.qs
    title = heading(active_filters(filterset, request.GET))
    handle = exports.xlsx_file(events, request.build_absolute_uri("/")[:-1], heading=title)
    return download(handle, _export_name(request, "xlsx"))
