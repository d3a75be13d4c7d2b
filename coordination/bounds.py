"""The limits on numbers and dates that anyone can type: one home for all of them.

Past these a value is refused with a message (forms, admin, imports) or treated as no value
(page numbers), instead of reaching the database or the calendar arithmetic out of range.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import dates

#: Sessions and participants of one activity (or one aggregated report).
MAX_COUNT = 1_000_000
#: Sessions of one record. The largest figure the sources give is "hơn 2.000" sessions, years
#: of work across the country in one aggregated report; five times that leaves room for any
#: report while refusing a figure typed with a few zeros too many.
MAX_SESSIONS = 10_000
#: Sessions per day of an activity dated to the day: a day with more than a handful of
#: sessions in several workplaces happens, fifty does not; an aggregated report is dated to
#: the month or the year, or undated.
MAX_SESSIONS_PER_DAY = 50
#: Deeper than any list of a million rows goes at 25 a page.
MAX_PAGE = 100_000
#: The earliest date an activity may carry; the latest is a year from today.
FIRST_ACTIVITY_DATE = datetime.date(2000, 1, 1)
#: Filter and report dates: wide enough for any question, far enough from year 1 and 9999
#: that a period before or after them can still be computed.
FIRST_QUERY_DATE = datetime.date(1900, 1, 1)
LAST_QUERY_DATE = datetime.date(2199, 12, 31)

validate_count = MaxValueValidator(
    MAX_COUNT, message=_("At most 1,000,000: give the figure of one activity or one report.")
)


def sessions_problem(sessions, start, end, precision):
    """Why this many sessions cannot be one record's, or None."""
    from .charts import grouped  # the pages' grouping; charts is not needed at import time

    if sessions is None:
        return None
    if sessions > MAX_SESSIONS:
        return _(
            "At most %(limit)s sessions in one record: give the figure of one activity or one "
            "report."
        ) % {"limit": grouped(MAX_SESSIONS)}
    if start is not None and precision == "day":
        days = ((end or start) - start).days + 1
        if sessions > MAX_SESSIONS_PER_DAY * days:
            return _(
                "At most %(per_day)s sessions a day: %(sessions)s sessions in %(days)s day(s) "
                "is not one activity. Check the figure, or date an aggregated report to the "
                "month or the year."
            ) % {
                "per_day": MAX_SESSIONS_PER_DAY,
                "sessions": grouped(sessions),
                "days": days,
            }
    return None


def validate_activity_date(value):
    """Between 1/1/2000 and one year from today."""
    today = timezone.localdate()
    try:
        latest = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + 1, day=28)
    _validate_between(value, FIRST_ACTIVITY_DATE, latest)


def validate_query_date(value):
    _validate_between(value, FIRST_QUERY_DATE, LAST_QUERY_DATE)


def _validate_between(value, first, last):
    if not first <= value <= last:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": dates.shown(first), "last": dates.shown(last)},
        )


@models.IntegerField.register_lookup
class IntegerFieldInRange(In):
    """`id__in=[…]` that drops the values no column of that type can hold.

    Django itself does this for `=`, `<` and `>` but not for IN: a multiple-choice field sent
    "99999999999999999999" would end in an OverflowError on SQLite instead of "not a valid
    choice". Registered on IntegerField, so it serves every integer and id column.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
