"""The one place that says who sees what, and what "in this province/branch" means."""

from collections import defaultdict

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL


def id_list(ids):
    """For `pk__in=`: thousands of ids as one array on PostgreSQL, where binding them one by
    one costs more than the query."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return ids


class ProvinceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(era="current")

    def former(self):
        return self.filter(era="former")

    def parts_of(self, province):
        """A current province and its former parts; a former one alone."""
        if province.is_current:
            return self.filter(Q(pk=province.pk) | Q(successor_id=province.current_code))
        return self.filter(pk=province.pk)


class UnionBranchQuerySet(models.QuerySet):
    def subtree_ids(self, root_ids):
        """Ids of the given branches and every branch below them (one query for the tree)."""
        children = defaultdict(list)
        for pk, parent_id in self.model.objects.values_list("pk", "parent_id"):
            children[parent_id].append(pk)
        seen, stack = set(), list(root_ids)
        while stack:
            pk = stack.pop()
            if pk not in seen:
                seen.add(pk)
                stack.extend(children[pk])
        return seen

    def scope_of(self, user):
        """The branches a staff user works for, and every branch below them."""
        roots = user.branch_assignments.values_list("branch_id", flat=True)
        return self.filter(pk__in=self.subtree_ids(list(roots)))


class OutreachEventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def in_province(self, province):
        """A current province includes what was recorded under its former parts."""
        return self.filter(province__in=type(province).objects.parts_of(province))

    def in_branch(self, branch):
        """Organised by the branch or any branch below it."""
        from .models import UnionBranch

        return self.filter(organiser__in=UnionBranch.objects.subtree_ids([branch.pk]))

    def editable_by(self, user):
        from .models import UnionBranch

        if not user.is_authenticated or not user.is_staff:
            return self.none()
        if user.is_superuser or user.has_perm("coordination.manage_all"):
            return self.all()
        return self.filter(organiser__in=UnionBranch.objects.scope_of(user))

    def reviewable_by(self, user):
        """What this user may publish or return: reviewers their scope, central everything."""
        if not (user.is_active and user.has_perm("coordination.publish_outreachevent")):
            return self.none()
        return self.editable_by(user)

    def awaiting_review(self):
        """Submitted for review, or published with a change waiting for a reviewer."""
        return self.filter(Q(status="submitted") | Q(pending_change__status="pending"))

    def for_list(self):
        """What a list row shows, fetched without a query per row."""
        return self.select_related("province__successor", "organiser", "activity_type")
