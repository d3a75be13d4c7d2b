"""The activity import sheet's columns: the template, the import and the staff export use them."""

from django.utils.translation import gettext_lazy

# (key, header as staff see it, required). The staff export writes the same headers, so an
# exported file comes back in as it is.
COLUMNS = [
    ("id", gettext_lazy("ID (blank for a new activity)"), False),
    ("external_ref", gettext_lazy("Reference (stable, unique)"), True),
    ("title", gettext_lazy("Title"), True),
    ("description", gettext_lazy("Description"), False),
    ("activity_type", gettext_lazy("Activity type code"), True),
    ("focus_areas", gettext_lazy("Focus area codes (separate with ;)"), True),
    ("organiser", gettext_lazy("Organising branch code"), True),
    ("partners", gettext_lazy("Partner branch codes (separate with ;)"), False),
    ("province", gettext_lazy("Province code (former: cu:NN)"), False),
    ("place", gettext_lazy("Place"), False),
    ("start_date", gettext_lazy("Start date (dd/mm/yyyy)"), False),
    ("end_date", gettext_lazy("End date (dd/mm/yyyy)"), False),
    ("date_precision", gettext_lazy("Date precision (ngày, tháng or năm)"), False),
    ("sessions", gettext_lazy("Sessions"), False),
    ("participants", gettext_lazy("Participants"), False),
    # Last, so files made before it keep their columns; absent, an update keeps the record's.
    ("nationwide", gettext_lazy("Nationwide (có, or blank)"), False),
]
#: The activity fields a row fills in (the ID finds the activity; the import itself sets the
#: focus areas, which are links of their own).
FIELDS = [key for key, _label, _required in COLUMNS if key not in ("id", "focus_areas")]
