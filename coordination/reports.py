"""Numbers for the home page, dashboard and reports: functions of an already scoped QuerySet."""

from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from .models import UnionBranch


def totals(events):
    """Activities, sessions, participants and current provinces covered."""
    result = events.order_by().aggregate(
        activities=Count("id"),
        sessions=Sum("sessions"),
        participants=Sum("participants"),
        provinces=Count(
            Coalesce("province__successor_id", "province__current_code"), distinct=True
        ),
    )
    result["sessions"] = result["sessions"] or 0
    result["participants"] = result["participants"] or 0
    return result


def branch_tree(events):
    """Every branch with its own and its subtree's published activity counts, as a tree."""
    branches = list(UnionBranch.objects.select_related("province").order_by("level", "name"))
    own = dict(
        events.order_by()
        .values_list("organiser_id")
        .annotate(n=Count("id"))
        .values_list("organiser_id", "n")
    )
    children = defaultdict(list)
    for branch in branches:
        children[branch.parent_id].append(branch)

    def build(branch):
        nodes = [build(child) for child in children[branch.pk]]
        total = own.get(branch.pk, 0) + sum(node["total"] for node in nodes)
        return {"branch": branch, "own": own.get(branch.pk, 0), "total": total, "children": nodes}

    return [build(root) for root in children[None]]
