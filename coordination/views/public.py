from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from .. import reports
from ..filters import OutreachEventFilter
from ..models import Agreement, FocusArea, KeyFigure, OutreachEvent, Province, UnionBranch
from ..paginators import CappedCountPaginator

PAGE_SIZE = 25


def _published():
    return OutreachEvent.objects.published()


def home(request):
    regulation = Agreement.objects.in_force_regulation()
    return render(
        request,
        "coordination/home.html",
        {
            "regulation": regulation,
            "focus_areas": regulation.focus_areas.all() if regulation else [],
            "totals": reports.totals(_published()),
            "figures": KeyFigure.objects.all(),
            "latest": _published().for_list().order_by("-created_at", "-id")[:5],
        },
    )


def event_list(request):
    filterset = OutreachEventFilter(request.GET, queryset=_published().for_list(), request=request)
    page = CappedCountPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/event_list.html",
        {"filter": filterset, "page": page, "query": _query_without_page(request)},
    )


def event_detail(request, pk):
    event = get_object_or_404(
        _published()
        .select_related("province__successor", "organiser", "activity_type", "agreement", "source")
        .prefetch_related("focus_areas", "partners"),
        pk=pk,
    )
    return render(request, "coordination/event_detail.html", {"event": event})


def agreement_detail(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.prefetch_related(
            "signatories",
            "awards",
            "legal_bases",
            "supersedes",
            Prefetch(
                "focus_areas",
                FocusArea.objects.annotate(
                    published_count=Count("events", filter=Q(events__status="published"))
                ),
            ),
        ).select_related("source"),
        pk=pk,
    )
    return render(request, "coordination/agreement_detail.html", {"agreement": agreement})


def branch_list(request):
    return render(
        request, "coordination/branch_list.html", {"tree": reports.branch_tree(_published())}
    )


def branch_detail(request, code):
    branch = get_object_or_404(
        UnionBranch.objects.select_related("parent", "province", "source"), code=code
    )
    events = _published().in_branch(branch).for_list()
    return render(
        request,
        "coordination/branch_detail.html",
        {
            "branch": branch,
            "children": branch.children.order_by("name"),
            "events": events[:10],
            "event_count": events.count(),
        },
    )


def province_list(request):
    provinces = Province.objects.current().prefetch_related("former_parts").order_by("name")
    return render(request, "coordination/province_list.html", {"provinces": provinces})


def province_detail(request, code):
    province = get_object_or_404(Province.objects.current(), code=code)
    events = _published().in_province(province).for_list()
    return render(
        request,
        "coordination/province_detail.html",
        {
            "province": province,
            "former_parts": province.former_parts.order_by("name"),
            "branches": province.branches.order_by("level", "name"),
            "events": events[:10],
            "event_count": events.count(),
        },
    )


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
