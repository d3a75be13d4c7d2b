"""The list's FilterSet applied strictly (a bad value is a 400 naming the field), and the
same parameters described for the OpenAPI schema."""

import logging
from urllib.parse import parse_qsl

from django.db import DatabaseError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from .. import province_refs
from ..bounds import FIRST_QUERY_DATE, LAST_QUERY_DATE, MAX_PAGE
from ..filters import MAX_QUERY_LENGTH, SORTS, OutreachEventFilter
from ..models import ActivityType, Agreement, FocusArea, OutreachEvent, Province, UnionBranch
from .pagination import MAX_PAGE_SIZE, PAGE_SIZE

logger = logging.getLogger(__name__)

# The list's own range: the FilterSet applies bounds.validate_query_date.
_DAY = (
    f"YYYY-MM-DD (DD/MM/YYYY is accepted too) "
    f"from {FIRST_QUERY_DATE:%Y-%m-%d} to {LAST_QUERY_DATE:%Y-%m-%d}"
)


def refuse_hostile(request):
    """Values no client means to send: NUL characters (which the site's middleware quietly
    drops) and a search longer than the form allows before its spaces are trimmed."""
    errors = {}
    for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            errors[name.replace("\x00", "")] = [_("Text cannot contain NUL characters.")]
    search = request.query_params.get("q", "")
    if len(search) > MAX_QUERY_LENGTH:
        errors["q"] = [_("Use at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}]
    if errors:
        raise ValidationError(errors)


def activity_filter(request, queryset):
    """The FilterSet of /activities/ over `queryset`, or a ValidationError naming the fields."""
    refuse_hostile(request)
    filterset = OutreachEventFilter(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset


def choice(request, name, choices):
    """A query parameter that must be one of `choices`; the first when absent."""
    value = request.query_params.get(name) or choices[0]
    if value not in choices:
        message = _("Choose one of: %(values)s.") % {"values": ", ".join(choices)}
        raise ValidationError({name: [message]})
    return value


def _query(name, description, schema=None, **kwargs):
    return OpenApiParameter(
        name, schema or OpenApiTypes.STR, OpenApiParameter.QUERY, description=description, **kwargs
    )


FILTERS = [
    _query(
        "q",
        "Words to find in the title, description or place; diacritics optional "
        "(`bao ve an ninh` finds `bảo vệ an ninh`).",
        schema={"type": "string", "maxLength": MAX_QUERY_LENGTH},
    ),
    _query(
        "province",
        "A current province by its code (`24`, including what was recorded in its former "
        "parts), a former one as `former:24`, or `nationwide`.",
    ),
    _query("branch", "Organising branch by code (or id), including every branch below it."),
    _query("focus_area", "Focus area by code (or id)."),
    _query("type", "Activity type by code (or id)."),
    OpenApiParameter(
        "date_after",
        OpenApiTypes.DATE,
        description=f"Started on or after this day, {_DAY}.",
    ),
    OpenApiParameter(
        "date_before",
        OpenApiTypes.DATE,
        description=f"Started on or before this day, {_DAY}.",
    ),
]
SORT = _query("sort", "Order of the list; newest first by default.", enum=list(SORTS))
PAGES = [
    OpenApiParameter("page", OpenApiTypes.INT, description=f"Page number, 1 to {MAX_PAGE:,}."),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=f"Activities per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
    ),
]
FORMAT = _query(
    "format",
    "`csv` downloads the whole filtered list as the site's CSV export (also `Accept: text/csv`).",
    enum=["json", "csv"],
)
ERA = _query("era", "Only current units or only former ones.", enum=["current", "former"])
STATS = [
    _query(
        "count_by",
        "`current`: former provinces counted in their successor; `recorded`: as recorded.",
        enum=["current", "recorded"],
    ),
    _query("unit", "Period of the time breakdown.", enum=["month", "quarter"]),
]


def live_values(result, generator, request, public):
    """Schema hook: codes and ids that exist, so that clients and fuzzers can pick valid ones.

    Provinces are the official codes: an enum. Types, areas and branches are edited by
    administrators and also accepted by id, so they get an example only.

    Without a database to read (`check --deploy` in an image build, before migrations), the
    schema is the same without these values.
    """
    try:
        enums, examples, ids = _live_values()
    except DatabaseError as exc:
        logger.info("API schema without live values: %s", exc)
        enums, examples, ids = {}, {}, {}
    limits = {"page": MAX_PAGE, "page_size": MAX_PAGE_SIZE}
    for path, item in result.get("paths", {}).items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                name, schema = parameter["name"], parameter["schema"]
                if parameter["in"] == "path":
                    example = next((v for k, v in ids.items() if path.endswith(k)), None)
                    if example is not None:
                        parameter["example"] = example
                    continue
                # As on the site's forms, an empty value means "not given".
                parameter["allowEmptyValue"] = True
                if name in enums:
                    schema["enum"] = enums[name]
                if examples.get(name):
                    parameter["example"] = examples[name]
                if name in limits:
                    schema.update(minimum=1, maximum=limits[name])
    return result


def _live_values():
    provinces = Province.objects.order_by("era", "code").only("era", "code")
    enums = {"province": [province_refs.NATIONWIDE] + [province_refs.public(p) for p in provinces]}
    examples = {
        "type": _first(ActivityType.objects, "code"),
        "focus_area": _first(FocusArea.objects, "code"),
        "branch": _first(UnionBranch.objects.order_by("level", "id"), "code"),
    }
    ids = {
        "/activities/{id}/": _first(OutreachEvent.objects.published(), "pk"),
        "/agreements/{id}/": _first(Agreement.objects, "pk"),
    }
    return enums, examples, ids


def _first(queryset, field):
    return queryset.values_list(field, flat=True).first()
