from django.db import models


class Counted(models.Model):
    """The figures a tally or a cube cell adds up for its published activities: the sums of
    the sessions and participants reported, and for each how many activities gave it and how
    many of those said "more than" or "nearly", so that a sum says how far it can be trusted
    (coordination/figures.py, Figure)."""

    activities = models.IntegerField(default=0)
    sessions = models.BigIntegerField(default=0)
    participants = models.BigIntegerField(default=0)
    sessions_given = models.IntegerField(default=0)
    sessions_more_than = models.IntegerField(default=0)
    sessions_nearly = models.IntegerField(default=0)
    participants_given = models.IntegerField(default=0)
    participants_more_than = models.IntegerField(default=0)
    participants_nearly = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ActivityTally(Counted):
    """Published activities counted for one value of each of two dimensions.

    One row says: of the published activities whose `dimension_a` is `key_a`, this many have
    `dimension_b` = `key_b`. Every ordered pair of dimensions is kept, a dimension with itself
    included, so a dashboard with one filter reads each breakdown from a few hundred rows
    instead of aggregating a million activities. coordination/tallies.py keeps it exact.
    """

    dimension_a = models.CharField(max_length=10)
    key_a = models.IntegerField()
    dimension_b = models.CharField(max_length=10)
    key_b = models.IntegerField()

    class Meta:
        # In this order the index serves both reads: one dimension against another for some
        # keys, and a dimension with itself.
        constraints = [
            models.UniqueConstraint(
                fields=["dimension_a", "dimension_b", "key_a", "key_b"], name="tally_cell"
            )
        ]

    def __str__(self):
        return f"{self.dimension_a}={self.key_a} × {self.dimension_b}={self.key_b}"


# The columns Counted adds up, in this order wherever they are read or written.
FIGURES = (
    "activities",
    "sessions",
    "participants",
    "sessions_given",
    "sessions_more_than",
    "sessions_nearly",
    "participants_given",
    "participants_more_than",
    "participants_nearly",
)


class ActivityCube(Counted):
    """Published activities counted by month, province as recorded, organising branch and type
    at once: the figures of any two filters or more (or whole months and a filter) without
    adding up the activities. Each activity counts once under focus 0 and once more under
    each of its focus areas, so a focus area can be a filter too.

    Keys as ActivityTally keys them: month yyyymm (0 undated), province id (0 nationwide).
    coordination/tallies.py keeps it exact with the tallies.
    """

    month = models.IntegerField()
    province = models.IntegerField()
    branch = models.IntegerField()
    type = models.IntegerField()
    focus = models.IntegerField()

    class Meta:
        # Every read names its focus (0 or an area) first; then whichever filter narrows
        # most. The figures ride along in each index, so reads never visit the table.
        # A unique constraint with INCLUDE would be both, but SQLite would drop it whole.
        constraints = [
            models.UniqueConstraint(
                fields=["focus", "province", "type", "month", "branch"], name="cube_cell"
            )
        ]
        indexes = [
            models.Index(
                fields=["focus", "province", "type", "month"],
                include=("branch", *FIGURES),
                name="cube_by_province",
            ),
            models.Index(
                fields=["focus", "branch", "type", "month"],
                include=("province", *FIGURES),
                name="cube_by_branch",
            ),
            models.Index(
                fields=["focus", "type", "month"],
                include=("province", "branch", *FIGURES),
                name="cube_by_type",
            ),
            models.Index(
                fields=["focus", "month"],
                include=("province", "branch", "type", *FIGURES),
                name="cube_by_month",
            ),
        ]

    def __str__(self):
        return f"{self.month} {self.province} {self.branch} {self.type} {self.focus}"
