from collections import defaultdict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..links import detail_url
from ..roles import is_central
from .agreements import Sourced
from .naming import SortedByName


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

    def workable_ids(self, user):
        """Who may work on what: None (every branch) for a central administrator or superuser,
        the ids of the user's branches and every branch below them for other active staff,
        no ids for anyone else."""
        if not (user.is_active and user.is_staff):
            return set()
        if is_central(user):
            return None
        roots = user.branch_assignments.values_list("branch_id", flat=True)
        return self.subtree_ids(list(roots))

    def workable_by(self, user):
        """The branches whose records this user may work on (see workable_ids)."""
        ids = self.workable_ids(user)
        return self.all() if ids is None else self.filter(pk__in=ids)


class UnionBranch(Sourced, SortedByName):
    """A union unit in the hierarchy CĐ CAND → upper-level unions → grassroots, or a partner."""

    class Kind(models.TextChoices):
        POLICE_UNION = "police", _("police trade union")
        LABOUR_FEDERATION = "federation", _("provincial labour federation")
        SECTORAL_UNION = "sectoral", _("central sectoral union")
        CONFEDERATION = "confederation", _("general confederation of labour")

    class Level(models.IntegerChoices):
        CENTRAL = 1, _("central")
        UPPER = 2, _("upper level")
        GRASSROOTS = 3, _("grassroots")

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short unique code used in spreadsheets, commands and addresses."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=13, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent branch"),
    )
    province = models.ForeignKey(
        "Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("province"),
        limit_choices_to={"era": "current"},
    )
    member_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    member_count_is_approximate = models.BooleanField(
        _("member count is a “nearly” figure"),
        default=False,
        help_text=_("Tick when the source says “nearly” (“gần”) this many members."),
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    objects = UnionBranchQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("union branch")
        verbose_name_plural = _("union branches")
        ordering = ["level", "sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="branch_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return detail_url("branch-detail", self.code)

    def placement_error(self, parent, level):
        """Why this branch cannot stand at `level` under `parent` (None: at the top), or None.

        The tree goes down one way: a parent is at a higher level (a smaller number) than its
        sub-branches, the rule of the branch import. A branch placed under its own sub-branch
        would leave both out of the tree, whatever the levels say.
        """
        if parent is not None:
            if self.pk is not None and parent.pk == self.pk:
                return _("A branch cannot be its own parent.")
            if self.pk is not None and parent.pk in type(self).objects.subtree_ids([self.pk]):
                return _("“%(value)s” is a sub-branch of this branch: it cannot be its parent.") % {
                    "value": parent.code
                }
            if parent.level >= level:
                return _(
                    "The parent branch “%(value)s” must be at a higher level (a smaller number)."
                ) % {"value": parent.code}
        if self.pk is not None:
            child = self.children.filter(level__lte=level).order_by("level", "sort_key").first()
            if child is not None:
                return _(
                    "The sub-branch “%(value)s” must stay at a lower level (a larger number) "
                    "than this branch."
                ) % {"value": child.code}
        return None


class StaffAssignment(models.Model):
    """Ties a staff user to a branch they work for; their scope is that branch and below."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="branch_assignments",
        verbose_name=_("user"),
    )
    branch = models.ForeignKey(
        UnionBranch,
        on_delete=models.CASCADE,
        related_name="staff_assignments",
        verbose_name=_("branch"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "branch"], name="staff_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.branch}"
