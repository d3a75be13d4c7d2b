import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import dates
from ..bounds import sessions_problem, validate_activity_date, validate_count
from ..history import ActivityHistory
from ..links import detail_url
from ..roles import can_publish
from ..search import LONG, SHORT
from ..text import fold
from .agreements import Sourced
from .branches import UnionBranch
from .geography import MERGER_DATE, Province
from .naming import EnglishNamed, SortedByName
from .reviews import PendingChange


class ActivityType(EnglishNamed, SortedByName):
    """An admin-editable kind of activity (legal-awareness session, Tết visit, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Types with the same order are listed by name.")
    )

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["order", "sort_key"]


PUBLISHED = Q(status="published")


class OutreachEventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def in_province(self, province):
        """A current province includes what was recorded under its former parts (their ids
        as values: with a subquery the database misjudges how many rows match)."""
        parts = Province.objects.parts_of(province).values_list("pk", flat=True)
        return self.filter(province__in=list(parts))

    def in_branch(self, branch):
        """Organised by the branch or any branch below it."""
        return self.filter(organiser__in=UnionBranch.objects.subtree_ids([branch.pk]))

    def editable_by(self, user):
        """Organised by a branch this user may work on (UnionBranch.objects.workable_ids)."""
        ids = UnionBranch.objects.workable_ids(user)
        return self.all() if ids is None else self.filter(organiser__in=ids)

    def reviewable_by(self, user):
        """What this user may publish or return: reviewers their scope, central everything."""
        if not can_publish(user):
            return self.none()
        return self.editable_by(user)

    def awaiting_review(self):
        """Submitted for review, or published with a change waiting for a reviewer."""
        # The few waiting changes' ids first: an OR across the join reads every row.
        changed = PendingChange.objects.filter(status=PendingChange.Status.PENDING)
        return self.filter(
            Q(status="submitted") | Q(pk__in=list(changed.values_list("event_id", flat=True)))
        )

    def for_list(self):
        """What a list row shows, without the long texts no row shows (they are most of a
        row's bytes). Its province, organiser and type come from memory, not from joins:
        `coordination.refdata.with_references()` before drawing the rows."""
        return self.defer(*LONG_TEXTS)

    def for_page(self):
        """What an activity's own page (and the API) shows besides the references that
        `coordination.refdata.with_references()` attaches: its document, source, focus areas
        and partners."""
        return self.select_related("agreement", "source").prefetch_related(
            "focus_areas", "partners"
        )


#: What list rows never show: fetched only on the activity's own page. (The organisers as the
#: source names them are shown on every row, in place of the branch.)
LONG_TEXTS = ("description", "search_text", "source_excerpt", "partner_note")


class OutreachEvent(Sourced):
    """One joint security-awareness activity, or one aggregated report of several sessions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("waiting for review")
        RETURNED = "returned", _("returned")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")
        UNKNOWN = "unknown", _("not given")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        MORE_THAN = "more_than", _("more than")
        NEARLY = "nearly", _("nearly")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    agreement = models.ForeignKey(
        "Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("regulation"),
        help_text=_("Leave blank when the source does not say which regulation it falls under."),
    )
    focus_areas = models.ManyToManyField(
        "FocusArea", related_name="events", verbose_name=_("focus areas")
    )
    organiser = models.ForeignKey(
        "UnionBranch",
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organising branch"),
    )
    organiser_note = models.CharField(
        _("organisers as the source names them"),
        max_length=300,
        blank=True,
        help_text=_(
            "When the source credits several units rather than the organising branch itself, "
            "e.g. “CĐ CA nhiều đơn vị, địa phương”; shown instead of the branch's name."
        ),
    )
    partners = models.ManyToManyField(
        "UnionBranch", blank=True, related_name="partner_events", verbose_name=_("partner branches")
    )
    partner_note = models.CharField(
        _("other partners"),
        max_length=300,
        blank=True,
        help_text=_("Partners that are not branches in the system, as the report names them."),
    )
    province = models.ForeignKey(
        "Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("province"),
        help_text=_(
            "Leave blank when the activity covered the whole country or the source does not "
            "say where; tick “nationwide” only in the first case."
        ),
    )
    nationwide = models.BooleanField(
        _("nationwide"),
        default=False,
        help_text=_(
            "The source says the activity covered the whole country. A blank province without "
            "this reads “place not given”."
        ),
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("E.g. the industrial park.")
    )
    start_date = models.DateField(
        _("date or start"), null=True, blank=True, validators=[validate_activity_date]
    )
    end_date = models.DateField(
        _("end"), null=True, blank=True, validators=[validate_activity_date]
    )
    date_precision = models.CharField(
        _("date precision"), max_length=7, choices=Precision.choices, default=Precision.DAY
    )
    sessions = models.PositiveIntegerField(
        _("sessions"), null=True, blank=True, validators=[validate_count]
    )
    participants = models.PositiveIntegerField(
        _("participants reached"), null=True, blank=True, validators=[validate_count]
    )
    figures_qualifier = models.CharField(
        _("figures are"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_("Whether the report gives exact counts or “more than” / “nearly”."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    external_ref = models.CharField(  # noqa: DJ001 NULL so that only given references are unique
        _("external reference"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("A stable reference from the reporting spreadsheet; re-imports update by it."),
    )
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)

    objects = OutreachEventQuerySet.as_manager()

    # A reviewer's comment on a transition can be long: a text column, not simple_history's 100
    # characters.
    history = ActivityHistory(
        excluded_fields=["search_text"],
        m2m_fields=["focus_areas", "partners"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        permissions = [
            ("publish_outreachevent", _("Can publish and withdraw activities")),
            ("manage_all", _("Can see and edit the activities of every branch")),
        ]
        ordering = [F("start_date").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=False),
                name="event_end_needs_start",
                violation_error_message=_("Give the start date before the end date."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, date_precision="unknown")
                | Q(start_date__isnull=False, date_precision__in=["day", "month", "year"]),
                name="event_precision_matches_date",
                violation_error_message=_(
                    "Choose “not given” as precision exactly when there is no date."
                ),
            ),
        ]
        # The list's main index (published rows by date, newest first, undated last) is made
        # per database in migration 0002: SQLite cannot write NULLS LAST in an index. It and
        # event_by_date (every status) also serve date ranges: a plain index on start_date
        # led PostgreSQL to read a whole month's rows for a list with four filters instead of
        # walking the list's order to its first 25 (10 ms against 1; migration 0015).
        # The same order under each province and each organising branch (migration 0016):
        # a former province's rows are all older than the newest ones, which the main index
        # would walk past first (166,000 rows, 234 ms at a million, against 0.1).
        indexes = [
            models.Index(fields=["province", "start_date"], name="event_province_date"),
            models.Index(fields=["organiser", "start_date"], name="event_organiser_date"),
            models.Index(fields=["activity_type", "start_date"], name="event_type_date"),
            # Counts of published rows that can stop at the paginator's cap early.
            *(
                models.Index(fields=[field], condition=PUBLISHED, name=f"event_published_{name}")
                for field, name in [("id", "id")]
            ),
            models.Index(
                F("created_at").desc(), F("id").desc(), condition=PUBLISHED, name="event_latest"
            ),
            # Figures added up from the rows (coordination/figures.py) read only these on
            # PostgreSQL: all they sum, led by the filters that narrow most.
            *(
                models.Index(
                    fields=fields,
                    include=[*include, "sessions", "participants", "id"],
                    condition=PUBLISHED,
                    name=f"event_figures_{name}",
                )
                for name, fields, include in [
                    ("province", ["province", "activity_type", "start_date"], ["organiser"]),
                    ("branch", ["organiser", "activity_type", "start_date"], ["province"]),
                    ("date", ["start_date"], ["province", "organiser", "activity_type"]),
                ]
            ),
            # A search's matches are read from these (search.matching_ids): the short texts
            # beside their ids under each province, the long ones (few) by province.
            models.Index(
                fields=["province"],
                include=["id", "search_text"],
                condition=PUBLISHED & SHORT,
                name="event_search_short",
            ),
            models.Index(fields=["province"], condition=PUBLISHED & LONG, name="event_search_long"),
            # The admin finds an activity by its reference in any case (admin/search.py).
            models.Index(Upper("external_ref"), name="event_reference_upper"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("event-detail", self.pk)

    def save(self, *args, **kwargs):
        # The folded copy powers diacritic-free search on both databases.
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self):
        # A leading space lets a search match the start of any word: " yen" finds "Yên
        # Phong" but not "tuyên".
        return " " + fold(" ".join((self.title, self.description, self.place)))

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            # Also a database constraint; said here so the form shows it on the field.
            errors["end_date"] = _("The end date cannot be before the start date.")
        merger = datetime.date.fromisoformat(MERGER_DATE)
        if (
            self.province_id
            and self.start_date
            and self.start_date >= merger
            and not self.province.is_current
        ):
            errors["province"] = _(
                "Activities from 1 July 2025 on are placed in a current province: "
                "%(name)s is now part of %(successor)s."
            ) % {"name": self.province.name, "successor": self.province.successor.name}
        if self.nationwide and self.province_id:
            errors["province"] = _(
                "A nationwide activity has no province: clear the province or untick “nationwide”."
            )
        if problem := sessions_problem(
            self.sessions, self.start_date, self.end_date, self.date_precision
        ):
            errors["sessions"] = problem
        if (signed := self._regulation_signed_after_start()) is not None:
            # On the date field: the import has no regulation column, the admin form has both.
            errors.setdefault("start_date", []).append(
                _(
                    "This activity took place (%(when)s) before %(regulation)s was signed "
                    "(%(signed)s): choose the regulation it falls under, or leave it blank."
                )
                % {
                    "when": self.start_date.strftime(
                        dates.BY_PRECISION.get(self.date_precision, dates.DAY)
                    ),
                    "regulation": str(self.agreement),
                    "signed": dates.shown(signed),
                }
            )
        if errors:
            raise ValidationError(errors)

    def _regulation_signed_after_start(self):
        """The regulation's signing date when the activity is wholly before it, else None.
        A date known to the month or the year is before only if the whole month or year is."""
        if not (self.agreement_id and self.start_date):
            return None
        signed = self.agreement.signed_on
        if signed is None:
            return None
        start, precision = self.start_date, self.date_precision
        if precision == self.Precision.YEAR:
            before = start.year < signed.year
        elif precision == self.Precision.MONTH:
            before = (start.year, start.month) < (signed.year, signed.month)
        else:
            before = start < signed
        return signed if before else None

    def where_label(self):
        """The province as recorded; "nationwide" only when the source says so, else "place
        not given" (a blank province never means nationwide by itself)."""
        if self.province_id:
            return self.province.label_with_successor()
        return _("Nationwide") if self.nationwide else _("place not given")

    @property
    def organised_by(self):
        """Who did it, as the source names them (e.g. “CĐ CA nhiều đơn vị, địa phương”), or
        the organising branch: the pages, the exports and the API all show this."""
        return self.organiser_note or str(self.organiser)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED
