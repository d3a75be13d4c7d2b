"""How dates are written for people: dd/mm/yyyy, in every language of the site.

Typed dates are read as dd/mm/yyyy or as ISO yyyy-mm-dd (what links and the API send); files,
messages and exports write dd/mm/yyyy, or only the month or the year when that is all a record
knows. Templates get the same from config/formats/vi/formats.py, which takes it from here.
"""

DAY = "%d/%m/%Y"
MONTH = "%m/%Y"
YEAR = "%Y"
#: The strftime pattern for each date precision an activity can have.
BY_PRECISION = {"day": DAY, "month": MONTH, "year": YEAR}
INPUT_FORMATS = [DAY, "%Y-%m-%d"]


def shown(value):
    """ "15/08/2025"."""
    return value.strftime(DAY)
