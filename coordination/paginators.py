"""Pagination that stays fast on a million rows: counts stop at a cap instead of scanning all."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Counts exactly up to COUNT_CAP results, then only says "more than COUNT_CAP".

    COUNT(*) over a broad filter reads every matching row; counting a LIMITed subquery stops
    early. Pages past the cap still work: they are fetched by offset when asked for.
    """

    cap = COUNT_CAP

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self):
        return self.count > self.cap

    def validate_number(self, number):
        if not self.is_capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def get_page(self, number):
        try:
            return super().get_page(number)
        except EmptyPage:  # past the real end of a capped list: the last page we know of
            return self.page(self.num_pages)

    def page(self, number):
        if not self.is_capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return CappedPage(rows, number, self)


class CappedPage(Page):
    """Past the cap the last page is unknown: a full page is assumed to have a next one."""

    def has_next(self):
        return len(self.object_list) == self.paginator.per_page
