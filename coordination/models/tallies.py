from django.db import models


class ActivityTally(models.Model):
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
    activities = models.IntegerField(default=0)
    sessions = models.BigIntegerField(default=0)
    participants = models.BigIntegerField(default=0)

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
