"""Spreadsheet imports: bounded reading, row checks, the annotated error file, templates.

reading.py reads an upload into numbered data rows within fixed bounds; activities.py and
branches.py check every row and write all or none; errorfile.py hands the file back with each
problem marked; templates.py writes the templates; staffexport.py writes the admin export in
the import's own columns.
"""

from .activities import COLUMNS, headers, validate_and_import
from .errorfile import annotated_file
from .reading import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    ImportRefused,
    check_upload,
    read_table,
)
from .results import ImportResult, RowError
from .templates import activity_sheets, activity_template

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_UNZIPPED_BYTES",
    "ImportRefused",
    "ImportResult",
    "RowError",
    "activity_sheets",
    "activity_template",
    "annotated_file",
    "check_upload",
    "headers",
    "read_table",
    "validate_and_import",
]
