"""The pages the bench times, each once over HTTP and once in-process for the diagnosis."""

import random
import urllib.parse
from dataclasses import dataclass, field

from bench.targets import (
    ACTIVITY_TYPE,
    BIG_PROVINCE,
    BUSY_BRANCH,
    COMMON_WORDS,
    FOCUS_AREA,
    FORMER_PROVINCE,
    MONTH,
    RARE_PHRASE,
    SMALL_PROVINCE,
    TARGETS,
    WORDS_IN_PROVINCE,
)

LIST = "Public list /activities/"
OTHER = "Other public pages"
DASHBOARD = "Dashboard /dashboard/"
ADMIN = "Admin change list"


@dataclass
class Page:
    section: str
    name: str
    urls: list
    kind: str | None = None  # a key of TARGETS; None: no target
    user: str | None = None  # None: anonymous; else a key of the bench users
    note: str = ""
    label: str = field(init=False)

    def __post_init__(self):
        self.urls = [self.urls] if isinstance(self.urls, str) else list(self.urls)
        user = f" (as {self.user})" if self.user else ""
        self.label = f"{self.section}: {self.name}{user}"

    @property
    def target(self):
        return TARGETS.get(self.kind)

    @property
    def shown_url(self):
        more = len(self.urls) - 1
        return self.urls[0] + (f" (+{more} more ids)" if more else "")


def all_pages(only=None):
    """Every page, or those whose "section: name" matches the regular expression `only`."""
    import re

    pages = _list_pages() + _other_pages() + _dashboards() + _admin_pages()
    if only:
        pages = [p for p in pages if re.search(only, f"{p.section}: {p.name}", re.I)]
    return pages


MONTH_QUERY = f"date_after={MONTH[0]}&date_before={MONTH[1]}"
Q_COMMON = urllib.parse.urlencode({"q": COMMON_WORDS})
Q_RARE = urllib.parse.urlencode({"q": RARE_PHRASE})
Q_IN_PROVINCE = urllib.parse.urlencode(
    {"q": WORDS_IN_PROVINCE[0], "province": WORDS_IN_PROVINCE[1]}
)


def _list_pages():
    four = f"province={BIG_PROVINCE}&branch={BUSY_BRANCH}&focus_area={FOCUS_AREA}&{MONTH_QUERY}"
    return [
        Page(LIST, "unfiltered", "/activities/", "list"),
        Page(
            LIST, f"province big ({BIG_PROVINCE})", f"/activities/?province={BIG_PROVINCE}", "list"
        ),
        Page(
            LIST,
            f"province small ({SMALL_PROVINCE})",
            f"/activities/?province={SMALL_PROVINCE}",
            "list",
        ),
        Page(
            LIST,
            f"former province ({FORMER_PROVINCE})",
            f"/activities/?province={FORMER_PROVINCE}",
            "list",
        ),
        Page(LIST, "branch (busy upper-level)", f"/activities/?branch={BUSY_BRANCH}", "list"),
        Page(LIST, "focus area", f"/activities/?focus_area={FOCUS_AREA}", "list"),
        Page(LIST, "one month", f"/activities/?{MONTH_QUERY}", "list"),
        Page(LIST, "four filters combined", f"/activities/?{four}", "list_combined"),
        Page(LIST, "deep page (2000)", "/activities/?page=2000", "deep"),
        Page(LIST, f"search common ({COMMON_WORDS})", f"/activities/?{Q_COMMON}", "search"),
        Page(LIST, f"search rare ({RARE_PHRASE})", f"/activities/?{Q_RARE}", "search"),
        Page(
            LIST,
            f"search in a province ({WORDS_IN_PROVINCE[0]}, {WORDS_IN_PROVINCE[1]})",
            f"/activities/?{Q_IN_PROVINCE}",
            "search",
        ),
    ]


def _other_pages():
    from coordination.models import Agreement, OutreachEvent

    ids = list(
        OutreachEvent.objects.published()
        .filter(is_demo=True)
        .values_list("id", flat=True)
        .order_by("id")
    )
    details = [f"/activities/{pk}/" for pk in random.Random(42).sample(ids, min(30, len(ids)))]
    regulation = Agreement.objects.for_new_activities()
    return [
        Page(OTHER, "activity detail", details, "page", note="30 different ids"),
        Page(OTHER, "regulation", f"/agreements/{regulation.pk}/", "page"),
        Page(OTHER, "branch page", f"/branches/{BUSY_BRANCH}/", "page"),
        Page(OTHER, "province page", f"/provinces/{BIG_PROVINCE}/", "page"),
        Page(OTHER, "home", "/", note="no target given"),
        Page(OTHER, "branch tree", "/branches/", note="no target given"),
        Page(OTHER, "province list", "/provinces/", note="no target given"),
    ]


def _dashboards():
    pages = [Page(DASHBOARD, "unfiltered", "/dashboard/", "dashboard")]
    for name, query in [
        (f"province ({BIG_PROVINCE})", f"province={BIG_PROVINCE}"),
        ("branch (busy upper-level)", f"branch={BUSY_BRANCH}"),
        ("focus area", f"focus_area={FOCUS_AREA}"),
        ("activity type", f"type={ACTIVITY_TYPE}"),
        ("one month", MONTH_QUERY),
        ("dates inside a month", "date_after=2024-03-05&date_before=2024-03-20"),
        ("two filters (province and type)", f"province={BIG_PROVINCE}&type={ACTIVITY_TYPE}"),
        (f"search ({COMMON_WORDS})", Q_COMMON),
    ]:
        pages.append(Page(DASHBOARD, name, f"/dashboard/?{query}", "dashboard"))
    return pages


def _admin_pages():
    url = "/admin/coordination/outreachevent/"
    filtered = f"{url}?status__exact=published&province={BIG_PROVINCE}"
    pages = []
    for user, label in [("admin", "superuser"), ("entry", f"data entry ({BUSY_BRANCH})")]:
        pages.append(Page(ADMIN, f"{label}, unfiltered", url, "admin", user=user))
        pages.append(Page(ADMIN, f"{label}, published in {BIG_PROVINCE}", filtered, "admin", user))
    pages.append(
        Page(ADMIN, f"superuser, search ({COMMON_WORDS})", f"{url}?{Q_COMMON}", "admin", "admin")
    )
    return pages
