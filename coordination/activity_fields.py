"""The activity's fields, declared once: the staff form, its admin fieldsets, the API, the
import, the staff export and the demo data take their lists from here, each adding or
dropping only what is its own."""

from django.utils.translation import gettext_lazy as _

#: What a person records about an activity, grouped and ordered as the staff form shows it.
GROUPS = [
    (None, ["title", "description", "activity_type", "agreement", "focus_areas"]),
    (
        _("Who and where"),
        [
            "organiser",
            "organiser_note",
            "partners",
            "partner_note",
            "province",
            "nationwide",
            "place",
        ],
    ),
    (_("When"), ["start_date", "end_date", "date_precision"]),
    (_("Figures"), ["sessions", "participants", "figures_qualifier"]),
    (_("Status and source"), ["status", "external_ref", "source", "source_excerpt"]),
]
RECORDED = [name for _label, names in GROUPS for name in names]
#: Links to other rows, held in tables of their own (never a column of the activity).
MANY = {"focus_areas", "partners"}
#: Columns the application keeps up to date itself; nobody types them in.
KEPT = ["search_text", "created_at", "updated_at", "version", "is_demo", "created_by"]
#: Staff-only: the workflow state and the reference used to match imported rows.
STAFF_ONLY = {"status", "external_ref"}
#: References to another table, stored as "<name>_id".
REFERENCES = {"activity_type", "agreement", "organiser", "province", "source", "created_by"}


def column(name):
    """The database column of a field: "organiser" is stored as "organiser_id"."""
    return f"{name}_id" if name in REFERENCES else name


def columns(names):
    """The columns of these fields, links to other rows left out."""
    return [column(name) for name in names if name not in MANY]


def without(names, dropped):
    return [name for name in names if name not in dropped]


def after(names, anchor, *extra):
    """The names with extra ones put right after anchor."""
    index = names.index(anchor) + 1
    return [*names[:index], *extra, *names[index:]]
