"""Pages of activities counted as the HTML list counts them: exactly up to a cap, then
"more than"; deep pages are fetched by a deferred join (coordination/paginators.py)."""

from django.core.paginator import EmptyPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..bounds import MAX_PAGE
from ..paginators import CappedCountPaginator

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def whole_number(request, name, default, highest):
    """A query parameter that must be a whole number from 1 to `highest`, or absent."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return default
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 9 and 1 <= int(value) <= highest):
        raise ValidationError(
            {name: [_("Give a whole number from 1 to %(highest)d.") % {"highest": highest}]}
        )
    return int(value)


def page_asked(request):
    """The page number and page size asked for, or a ValidationError naming the parameter."""
    return (
        whole_number(request, "page", 1, MAX_PAGE),
        whole_number(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE),
    )


class ActivityPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        number, self.page_size = page_asked(request)
        self.paginator = CappedCountPaginator(queryset, self.page_size)
        try:
            self.page = self.paginator.page(number)
        except EmptyPage:
            message = _("There is no page %(number)d in this list.") % {"number": number}
            raise NotFound(message) from None
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": min(self.paginator.count, self.paginator.cap),
                "count_exact": not self.paginator.is_capped,
                "page": self.page.number,
                "page_size": self.page_size,
                "next": self._link(self.page.next_page_number() if self.page.has_next() else None),
                "previous": self._link(
                    self.page.previous_page_number() if self.page.has_previous() else None
                ),
                "results": data,
            }
        )

    def _link(self, number):
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        return (
            remove_query_param(url, "page")
            if number == 1
            else replace_query_param(url, "page", number)
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_exact", "page", "page_size", "next", "previous"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Matching activities; if count_exact is false, more than this.",
                },
                "count_exact": {
                    "type": "boolean",
                    "description": f"False when counting stopped at {CappedCountPaginator.cap:,}.",
                },
                "page": {"type": "integer"},
                "page_size": {"type": "integer"},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }
