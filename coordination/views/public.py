from django.conf import settings
from django.db.models import Count, F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import refdata, reports
from ..figures import TallyFigures, tallied
from ..filters import OutreachEventFilter, active_filters, applied, heading, swapped_dates
from ..models import Agreement, KeyFigure, OutreachEvent, Province, UnionBranch
from ..pagecache import public_page
from ..paginators import CappedCountPaginator, SearchPaginator

PAGE_SIZE = 25


def _published():
    return OutreachEvent.objects.published()


@public_page
def home(request):
    regulations = Agreement.objects.filter(kind=Agreement.Kind.COORDINATION_REGULATION)
    return render(
        request,
        "coordination/home.html",
        {
            "regulation": Agreement.objects.for_new_activities(),
            "regulations": regulations,
            "followed": refdata.followed_by_coordination(),
            "focus_areas": refdata.active_focus_areas(),
            "totals": reports.totals(TallyFigures()),
            "figures": KeyFigure.objects.select_related("source"),
            "latest": refdata.with_references(
                _published()
                .for_list()
                .order_by(F("start_date").desc(nulls_last=True), "-created_at", "-id")[:5]
            ),
        },
    )


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links."""
    return redirect(static("coordination/favicon.ico"), permanent=True)


def clean_address(request):
    """A redirect to the same address without its empty parameters, or None if it has none."""
    if not any(value == "" for value in request.GET.values()):
        return None
    query = request.GET.copy()
    for key in [key for key, value in request.GET.items() if value == ""]:
        query.pop(key)
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


@public_page(params=[*OutreachEventFilter.base_filters, "page"])
def event_list(request):
    if response := clean_address(request):
        return response
    filterset = OutreachEventFilter(request.GET, queryset=_published().for_list(), request=request)
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("q"):
        paginator = SearchPaginator(
            filterset.qs,
            PAGE_SIZE,
            rows=_published().for_list(),
            within_province=bool(filterset.form.cleaned_data.get("province")),
        )
    else:
        # One filter (or none): the tallies know the exact count, no COUNT(*) over the rows.
        figures = tallied(applied(filterset)) if filterset.form.is_valid() else None
        known_count = figures.count() if figures else None
        paginator = CappedCountPaginator(filterset.qs, PAGE_SIZE, known_count=known_count)
    page = paginator.get_page(request.GET.get("page"))
    chips = active_filters(filterset, request.GET)
    return render(
        request,
        "coordination/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "chips": chips,
            "heading": heading(chips),
            "swap_query": swapped_dates(filterset, request.GET),
        },
    )


@public_page
def event_detail(request, pk):
    event = get_object_or_404(_published().select_related("source"), pk=pk)
    focus_areas, partners = refdata.with_page_references(event)
    return render(
        request,
        "coordination/event_detail.html",
        {"event": event, "focus_areas": focus_areas, "partners": partners},
    )


@public_page
def agreement_detail(request, pk):
    agreements = refdata.agreements()
    if (agreement := agreements.get(pk)) is None:
        raise Http404
    context = {"agreement": agreement}
    if agreement.kind == Agreement.Kind.COORDINATION_REGULATION:
        context["others"] = [
            other
            for other in agreements.values()
            if other.kind == agreement.kind and other != agreement
        ]
    if agreement.logs_new_activities:
        # Only the activities logged under this regulation: many published ones name none
        # (their source does not say), and some predate it.
        links = OutreachEvent.focus_areas.through.objects.filter(
            outreachevent__in=_published().filter(agreement=agreement)
        )
        counts = dict(links.values_list("focusarea").annotate(Count("outreachevent")).order_by())
        context["focus_areas"] = [
            (area, counts.get(area.pk, 0)) for area in refdata.active_focus_areas()
        ]
    if agreement.follow_order is not None:
        context["followed"] = refdata.followed_by_coordination()
    return render(request, "coordination/agreement_detail.html", context)


@public_page(params=["q"])
def branch_list(request):
    search = request.GET.get("q", "")[:100].strip()
    tree = reports.branch_tree(TallyFigures())
    return render(
        request,
        "coordination/branch_list.html",
        {"tree": reports.matching_branches(tree, search) if search else tree, "search": search},
    )


@public_page
def branch_detail(request, code):
    if (branch := refdata.by_code(UnionBranch, code)) is None:
        raise Http404
    subtree = refdata.subtree_ids(branch.pk)
    return render(
        request,
        "coordination/branch_detail.html",
        {
            "branch": branch,
            "children": refdata.sub_branches(branch),
            "events": _published().filter(organiser__in=subtree).for_list()[:10],
            "event_count": TallyFigures("branch", subtree).count(),
        },
    )


@public_page
def province_list(request):
    provinces = (
        Province.objects.current()
        .prefetch_related(Prefetch("former_parts", Province.objects.order_by("sort_key")))
        .order_by("sort_key")
    )
    counts = {
        row["params"]["province"]: row["activities"] for row in reports.by_province(TallyFigures())
    }
    for province in provinces:
        province.activity_count = counts.get(province.code, 0)
    return render(request, "coordination/province_list.html", {"provinces": provinces})


@public_page
def province_detail(request, code):
    if (province := refdata.current_province(code)) is None:
        raise Http404
    parts = refdata.province_part_ids(province)
    return render(
        request,
        "coordination/province_detail.html",
        {
            "province": province,
            "former_parts": refdata.former_parts(province),
            "branches": refdata.province_branches(province),
            "events": _published().filter(province__in=parts).for_list()[:10],
            "event_count": TallyFigures("province", parts).count(),
        },
    )


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@public_page
def open_data(request):
    """What the API offers, in the page's language, with the Swagger UI and schema linked:
    the API's own documentation is generated, in English, and leads nowhere back."""
    site = request.build_absolute_uri("/")[:-1]
    return render(
        request,
        "coordination/open_data.html",
        {
            "api_root": site + reverse("api:root"),
            "example": site + reverse("api:activity-list") + "?province=24&page_size=10",
            "csv_example": site + reverse("api:activity-list") + "?province=24&format=csv",
            "rate": _rate(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]),
        },
    )


def _rate(setting):
    """ "120/minute" (as DRF reads it: "120/m", "5000/hour"…) in words of the page's language."""
    count, _slash, period = (setting or "").partition("/")
    periods = {"s": _("a second"), "m": _("a minute"), "h": _("an hour"), "d": _("a day")}
    if not count.isdigit() or period[:1] not in periods:
        return None
    return _("%(count)s requests %(period)s from each address") % {
        "count": count,
        "period": periods[period[:1]],
    }
