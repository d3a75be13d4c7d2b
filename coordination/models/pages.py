from django.db import models


class ContentVersion(models.Model):
    """One row whose number grows with every change to what public pages show.

    The page cache (coordination/pagecache.py) puts it in its keys, so a change made in any
    server process is seen by all of them on their next request.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.number)
