"""Calendar months: the one home of month arithmetic (report periods, the dashboard's time
breakdown, and whether a date range is made of whole months)."""

import datetime

ONE_DAY = datetime.timedelta(days=1)


def add_months(day, months):
    """The first day of the month `months` after `day`'s month (before it when negative)."""
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def last_day(day, months=1):
    """The last day of the `months` months that start with `day`'s month."""
    return add_months(day, months) - ONE_DAY


def period_start(day, months):
    """The first day of the period of `months` months (1, 3, 6 or 12, counted from January)
    that holds `day`."""
    return day.replace(month=(day.month - 1) // months * months + 1, day=1)


def months_spanned(first, last):
    """How many months from `first`'s to `last`'s, both counted: 1 within one month."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def whole_months(first, last):
    """Whether the range starts on a month's first day and ends on a month's last day; an
    end left open counts as whole."""
    return (not first or first.day == 1) and (not last or (last + ONE_DAY).day == 1)
