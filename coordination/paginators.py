"""Pagination that stays fast on a million rows: counts stop at a cap instead of scanning all."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Subquery
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .bounds import MAX_PAGE
from .search import matching_ids

COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000
MAX_IDS_IN_A_QUERY = 900


class CappedCountPaginator(Paginator):
    """Counts exactly up to COUNT_CAP results, then only says "more than COUNT_CAP".

    COUNT(*) over a broad filter reads every matching row; counting a LIMITed subquery stops
    early. Pages past the cap still work: they are fetched by offset when asked for.
    """

    cap = COUNT_CAP

    # Past this offset a page is fetched by a deferred join: the database walks only the
    # index for the ids to skip, then reads the 25 rows it shows.
    deferred_join_offset = 500

    def __init__(self, object_list, per_page, *args, known_count=None, **kwargs):
        """`known_count`: the exact number of rows when the caller knows it (the tallies)."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        # Without ORDER BY the database may stop at the cap on any index that holds the rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def is_capped(self):
        return self.known_count is None and self.count > self.cap

    def validate_number(self, number):
        if not self.is_capped:
            number = super().validate_number(number)
        else:
            try:
                number = int(number)
            except (TypeError, ValueError, OverflowError):
                raise PageNotAnInteger(_("That page number is not an integer")) from None
            if number < 1:
                raise EmptyPage(_("That page number is less than 1"))
        if number > MAX_PAGE:  # its offset would not fit the database's integers
            raise EmptyPage(_("That page contains no results"))
        return number

    def get_page(self, number):
        try:
            return super().get_page(number)
        except EmptyPage:  # past the real end of a capped list: the last page we know of
            return self.page(self.num_pages)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.is_capped:
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self.slice(bottom, top), number, self)
        rows = list(self.slice(bottom, top))
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return CappedPage(rows, number, self)

    def slice(self, bottom, top):
        if bottom < self.deferred_join_offset:
            return self.object_list[bottom:top]
        ids = self.object_list.values("pk")[bottom:top]
        return self.object_list.filter(pk__in=Subquery(ids))


class SearchPaginator(CappedCountPaginator):
    """A text search's pages: counted exactly up to SEARCH_COUNT_CAP results.

    Matching the text is most of a search's cost, and a count followed by a page would match
    it twice. Up to the cap, the matching ids cost little more than their count: they are
    read once, and (up to 900 of them) every page is then read among them by id. Past the
    cap, pages are read as any capped list's.
    """

    cap = SEARCH_COUNT_CAP

    def __init__(self, object_list, per_page, *args, rows=None, within_province=False, **kwargs):
        """`rows`: the list without its search, where a page of the matching ids is read (in
        the list's order), so that the database does not match the text again for each page.
        `within_province`: whether the search is within a province (search.matching_ids)."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.within_province = within_province
        if rows is None:
            rows = object_list
        elif object_list.query.order_by:  # else both follow the model's own ordering
            rows = rows.order_by(*object_list.query.order_by)
        self.rows = rows
        self._ids = None  # the matching ids, when there are few enough to read pages by id

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        ids = matching_ids(self.object_list.order_by(), self.cap + 1, self.within_province)
        # SQLite before 3.32 takes at most 999 parameters in a statement.
        if len(ids) <= min(self.cap, MAX_IDS_IN_A_QUERY):
            self._ids = ids
        return len(ids)

    def slice(self, bottom, top):
        if self._ids is None:
            return super().slice(bottom, top)
        return self.rows.filter(pk__in=self._ids)[bottom:top]


class CappedPage(Page):
    """Past the cap the last page is unknown: a full page is assumed to have a next one."""

    def has_next(self):
        return len(self.object_list) == self.paginator.per_page
