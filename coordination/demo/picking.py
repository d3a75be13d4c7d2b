"""Weighted choices that cost one random number, and texts paired with their folded form."""

import bisect
import itertools

from coordination.text import fold


class Picker:
    """Weighted choice in O(log n) with one random number."""

    def __init__(self, items, weights, rng):
        if not items:
            raise ValueError("nothing to pick from")
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]
        self.random = rng.random

    def __call__(self):
        return self.items[bisect.bisect(self.cum, self.random() * self.total)]


def zipf(count, s=1.0):
    return [1 / (rank**s) for rank in range(1, count + 1)]


def pair(text):
    """A text and its fold(), for fragments that are joined with single spaces."""
    return text, fold(text)
