"""How a province is named outside the database: built and read here, nowhere else.

Province codes repeat across eras (the former 24 and the current 24 are different units), so
a reference says which one it means. Two audiences spell it differently:

- public (site URLs, the list's filter, API parameters, dashboard links):
  ``24`` the current unit 24 with what was recorded under its former parts,
  ``current:24`` the current unit alone, as recorded, ``former:24`` the former unit 24,
  ``nationwide`` no province;
- sheet (the import, its template, the staff export): ``24`` the current unit,
  ``cu:24`` ("cũ", former) the former one; ``former:24`` and ``cũ:24`` are read too, and a
  one-digit code is read as its two-digit form.
"""

from .text import fold

NATIONWIDE = "nationwide"
AS_RECORDED = "current:"
FORMER = "former:"
SHEET_FORMER = "cu:"
CURRENT_ERA, FORMER_ERA = "current", "former"


def public(province, as_recorded=False):
    """ "24", "former:24", or with as_recorded the current unit alone, "current:24"."""
    if not province.is_current:
        return FORMER + province.code
    return AS_RECORDED + province.code if as_recorded else province.code


def parse_public(value):
    """(era, code) of a public reference; the era is whatever stands before the colon."""
    era, _sep, code = str(value).rpartition(":")
    return era or CURRENT_ERA, code


def is_as_recorded(value):
    return str(value).startswith(AS_RECORDED)


def sheet(province):
    """ "24" or "cu:24"."""
    return province.code if province.is_current else SHEET_FORMER + province.code


def parse_sheet(text):
    """(era, code) of a sheet's reference, or None when what precedes the colon means no era."""
    era, sep, code = text.rpartition(":")
    if fold(era).strip() in ("cu", "former"):
        return FORMER_ERA, code.strip().zfill(2)
    return None if sep else (CURRENT_ERA, code.strip().zfill(2))
