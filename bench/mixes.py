"""The URLs of the throughput runs: a realistic mix and a long tail.

*Realistic*: 80 % of requests go to the ~50 most visited pages (home, the unfiltered list,
the big provinces, the dashboard, the regulation…; the first ones most, by Zipf's law), 20 %
to the long tail. *Long tail*: every request a URL not asked before in the run: lists by
province (current or former) × branch × focus area × type × month × page, dashboards with
one or two filters, activity, branch and province pages, searches.
"""

import random
from dataclasses import dataclass, field

HOT_SHARE = 0.8
SEARCH_WORDS = ["cong nhan", "ma tuy", "lua dao", "can cuoc", "phong chay", "tet", "an ninh"]
TAIL_TRIES = 50


@dataclass
class Vocabulary:
    """What the URLs are made of, read once from the database."""

    provinces: list  # current codes, busiest first
    former: list  # "former:NN"
    branches: list  # codes, busiest upper-level ones first
    focus_areas: list
    types: list
    activity_ids: list
    regulation: int
    months: list = field(default_factory=list)

    @classmethod
    def from_database(cls):
        from django.db.models import Count

        from coordination.models import (
            ActivityType,
            Agreement,
            FocusArea,
            OutreachEvent,
            Province,
            UnionBranch,
        )

        published = OutreachEvent.objects.published()
        by_province = dict(
            published.values_list("province__code").annotate(n=Count("id")).order_by()
        )
        current = list(Province.objects.current().values_list("code", flat=True))
        current.sort(key=lambda code: -by_province.get(code, 0))
        branches = list(
            UnionBranch.objects.annotate(n=Count("organised_events"))
            .order_by("-n", "code")
            .values_list("code", flat=True)
        )
        regulation = Agreement.objects.for_new_activities()
        return cls(
            provinces=current,
            former=[
                f"former:{code}"
                for code in Province.objects.filter(era="former").values_list("code", flat=True)
            ],
            branches=branches,
            focus_areas=list(FocusArea.objects.active().values_list("code", flat=True)),
            types=list(ActivityType.objects.values_list("code", flat=True)),
            activity_ids=list(published.values_list("id", flat=True)),
            regulation=regulation.pk,
            months=[(year, month) for year in range(2016, 2027) for month in range(1, 13)],
        )


def hot_pages(v):
    """The ~50 most visited pages, most visited first."""
    pages = ["/", "/activities/", "/dashboard/", f"/agreements/{v.regulation}/"]
    pages += ["/provinces/", "/branches/"]
    pages += [f"/activities/?province={code}" for code in v.provinces[:10]]
    pages += [f"/dashboard/?province={code}" for code in v.provinces[:8]]
    pages += [f"/provinces/{code}/" for code in v.provinces[:8]]
    pages += [f"/activities/?page={n}" for n in range(2, 6)]
    pages += [f"/activities/?focus_area={code}" for code in v.focus_areas]
    pages += [f"/activities/?type={code}" for code in v.types[:5]]
    pages += [f"/branches/{code}/" for code in v.branches[:3]]
    return pages


def _month(rng, v):
    year, month = rng.choice(v.months)
    last = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    return f"date_after={year}-{month:02d}-01&date_before={year}-{month:02d}-{last}"


def _filters(rng, v, count):
    options = [
        lambda: f"province={rng.choice(v.provinces + v.former)}",
        lambda: f"branch={rng.choice(v.branches)}",
        lambda: f"focus_area={rng.choice(v.focus_areas)}",
        lambda: f"type={rng.choice(v.types)}",
        lambda: _month(rng, v),
    ]
    return "&".join(option() for option in rng.sample(options, count))


def tail_page(rng, v):
    """One page of the long tail."""
    r = rng.random()
    if r < 0.35:
        page = rng.randint(1, 5)
        query = _filters(rng, v, rng.randint(1, 3))
        return f"/activities/?{query}" + (f"&page={page}" if page > 1 else "")
    if r < 0.5:
        return f"/dashboard/?{_filters(rng, v, 1 if rng.random() < 0.7 else 2)}"
    if r < 0.85:
        return f"/activities/{rng.choice(v.activity_ids)}/"
    if r < 0.9:
        return f"/branches/{rng.choice(v.branches)}/"
    if r < 0.95:
        return f"/provinces/{rng.choice(v.provinces)}/"
    word = rng.choice(SEARCH_WORDS).replace(" ", "+")
    return f"/activities/?q={word}&province={rng.choice(v.provinces)}"


class Mix:
    """Picks the next URL; one instance per client thread (not shared)."""

    def __init__(self, name, vocabulary, seed):
        self.name = name
        self.v = vocabulary
        self.rng = random.Random(seed)
        self.hot = hot_pages(vocabulary)
        weights = [1 / rank for rank in range(1, len(self.hot) + 1)]
        self.hot_cum = [sum(weights[: i + 1]) for i in range(len(weights))]
        self.seen = set()

    def __call__(self):
        if self.name == "realistic" and self.rng.random() < HOT_SHARE:
            return self.rng.choices(self.hot, cum_weights=self.hot_cum)[0]
        if self.name == "single":
            return f"/activities/?province={self.v.provinces[0]}"
        for _ in range(TAIL_TRIES):
            url = tail_page(self.rng, self.v)
            if url not in self.seen:
                break
        self.seen.add(url)
        return url


MIXES = {
    "realistic": "80 % to the ~50 most visited pages, 20 % long tail",
    "long tail": "every request a different URL",
    "single": "one URL, the big province's list (footnote: what a cache hit costs)",
}
