"""Thin read-only views: the same QuerySets and FilterSet as the public pages."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import exports, limits, refdata
from ..downloads import download
from ..models import Agreement, FocusArea, OutreachEvent, Province, UnionBranch
from ..views.reporting import SEARCH_CAP, dashboard_figures
from . import params
from .caching import VersionedMixin
from .pagination import ActivityPagination, page_asked
from .renderers import CSVRenderer
from .serializers import (
    ActivitySerializer,
    AgreementSerializer,
    BranchSerializer,
    FocusAreaSerializer,
    ProvinceSerializer,
)
from .stats import StatsSerializer, stats_data


class _Error(OpenApiResponse):
    def __init__(self, description):
        super().__init__(
            response={
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "errors": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "required": ["detail"],
            },
            description=description,
        )


NOT_MODIFIED = OpenApiResponse(description="Unchanged since the ETag sent in If-None-Match.")
TOO_MANY = _Error("Too many requests from this address: wait a moment.")
TOO_MANY_EXPORTS = _Error(
    "Too many requests from this address, or too many whole-list downloads (CSV) running on "
    "the site at once: wait the seconds given in Retry-After."
)
# Answered by gunicorn (or the proxy before it) before the app sees the request, so it has
# no JSON body: gunicorn reads request lines of at most 4,094 bytes.
TOO_LONG = OpenApiResponse(description="The address is too long for the server: shorten it.")
UNAVAILABLE = _Error("The database is not answering: try again after Retry-After seconds.")
COMMON = {304: NOT_MODIFIED, 414: TOO_LONG, 429: TOO_MANY, 503: UNAVAILABLE}
BAD = _Error("A parameter is not valid; `errors` names it.")
MISSING = _Error("No such published record.")


def _published():
    return OutreachEvent.objects.published()


def _busy(request):
    """No slot free for a CSV (coordination/limits.py): 429 in the API's JSON."""
    busy = Throttled(
        detail=_(
            "Whole-list downloads take a while, so each client can run one at a time and only "
            "a few run at once on the whole site. Try again in %(seconds)d seconds."
        )
        % {"seconds": limits.RETRY_AFTER}
    )
    busy.wait = limits.RETRY_AFTER  # Retry-After, without DRF's untranslated sentence
    raise busy


class ActivityList(VersionedMixin, GenericAPIView):
    serializer_class = ActivitySerializer
    pagination_class = ActivityPagination
    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        summary="Published activities",
        description="Filtered and sorted as on the site's activity list, one page at a time.",
        parameters=[*params.FILTERS, params.SORT, *params.PAGES, params.FORMAT],
        responses={
            (200, "application/json"): ActivitySerializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            (400, "application/json"): BAD,
            (404, "application/json"): _Error("No such page."),
            (304, "application/json"): NOT_MODIFIED,
            (414, "application/json"): TOO_LONG,
            (429, "application/json"): TOO_MANY_EXPORTS,
            (503, "application/json"): UNAVAILABLE,
        },
    )
    def get(self, request):
        filterset = params.activity_filter(request, _published())
        if request.accepted_renderer.format == "csv":
            page_asked(request)  # every row, whatever the page; a bad value is still refused
            return _csv(request, filterset.qs)
        page = refdata.with_references(self.paginate_queryset(filterset.qs.for_page()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 300 and getattr(request, "accepted_renderer", None):
            # Errors in JSON whatever was asked for: a CSV error message would be read as data.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class ActivityDetail(VersionedMixin, APIView):
    @extend_schema(
        summary="One published activity",
        responses={200: ActivitySerializer, 404: MISSING, **COMMON},
    )
    def get(self, request, pk):
        events = refdata.with_references(_published().for_page().filter(pk=pk))
        if not events:
            raise NotFound(_("No published activity has this id."))
        return Response(ActivitySerializer(events[0], context={"request": request}).data)


class ProvinceList(VersionedMixin, APIView):
    @extend_schema(
        summary="Provinces: the 34 current units and the 63 former ones",
        description="A former unit names the current unit it merged into on 1 July 2025.",
        parameters=[params.ERA],
        responses={200: ProvinceSerializer(many=True), 400: BAD, **COMMON},
    )
    def get(self, request):
        era = request.query_params.get("era") and params.choice(
            request, "era", ("current", "former")
        )
        provinces = Province.objects.select_related("successor").order_by("era", "sort_key")
        if era:
            provinces = provinces.filter(era=era)
        return Response(ProvinceSerializer(provinces, many=True, context={"request": request}).data)


class BranchList(VersionedMixin, APIView):
    @extend_schema(
        summary="Union branches, top of the hierarchy first",
        responses={200: BranchSerializer(many=True), **COMMON},
    )
    def get(self, request):
        branches = UnionBranch.objects.select_related("parent", "province").order_by(
            "level", "sort_key", "id"
        )
        return Response(BranchSerializer(branches, many=True, context={"request": request}).data)


class FocusAreaList(VersionedMixin, APIView):
    @extend_schema(
        summary="Focus areas that activities are tagged with",
        description=(
            "A working list drawn up from press articles: its choice, order and names are "
            "editorial, and the regulation's own text has not been checked."
        ),
        responses={200: FocusAreaSerializer(many=True), **COMMON},
    )
    def get(self, request):
        areas = FocusArea.objects.order_by("number", "code")
        return Response(FocusAreaSerializer(areas, many=True).data)


class AgreementDetail(VersionedMixin, APIView):
    @extend_schema(
        summary="An agreement or legal document",
        responses={200: AgreementSerializer, 404: MISSING, **COMMON},
    )
    def get(self, request, pk):
        agreement = (
            Agreement.objects.select_related("source")
            .prefetch_related("signatories", "awards", "legal_bases", "supersedes")
            .filter(pk=pk)
            .first()
        )
        if agreement is None:
            raise NotFound(_("No agreement has this id."))
        return Response(AgreementSerializer(agreement, context={"request": request}).data)


class Stats(VersionedMixin, APIView):
    @extend_schema(
        summary="The dashboard's totals and breakdowns for a filter",
        parameters=[*params.FILTERS, *params.STATS],
        responses={200: StatsSerializer, 400: BAD, **COMMON},
    )
    def get(self, request):
        filterset = params.activity_filter(request, _published())
        recorded = params.choice(request, "count_by", ("current", "recorded")) == "recorded"
        unit = params.choice(request, "unit", ("month", "quarter"))
        message = _(
            "This search matches more than %(cap)s activities: narrow it to see figures."
        ) % {"cap": number_format(SEARCH_CAP, force_grouping=True)}
        return Response(stats_data(dashboard_figures(filterset, recorded, unit), message))


class ApiRoot(APIView):
    @extend_schema(exclude=True)
    def get(self, request):
        names = ["activity-list", "province-list", "branch-list", "focus-area-list", "stats"]
        links = {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names}
        links["schema"] = request.build_absolute_uri(reverse("api:schema"))
        links["docs"] = request.build_absolute_uri(reverse("api:docs"))
        return Response(links)


class ApiSchema(VersionedMixin, SpectacularAPIView):
    """Generated once per content version (its province codes and examples come from the
    data): building it takes most of a second."""

    def _get_schema_response(self, request):
        key = f"api-schema:{self.etag}"  # the content version, language and format
        cached = cache.get(key)
        if cached is None:
            response = super()._get_schema_response(request)
            cached = (response.data, response["Content-Disposition"])
            cache.set(key, cached, 3600)
        data, disposition = cached
        return Response(data, headers={"Content-Disposition": disposition})


class ApiDocs(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored sidecar files, its set-up in a separate script: nothing
    inline, so it works under `script-src 'self'`."""

    template_name = "coordination/api_docs.html"
    url_name = "api:schema"


@limits.expensive(busy=_busy)
def _csv(request, events):
    """The site's CSV export of the filtered list, streamed: every row, so it takes one of
    the site's few slots for heavy requests, as the exports do (a bad filter or page was
    refused before, without one)."""
    lines = exports.csv_lines(events, request.build_absolute_uri("/")[:-1])
    return download(lines, f"hoat-dong-{timezone.localdate():%Y%m%d}.csv")
