from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..links import detail_url
from .naming import EnglishNamed, localized


class Source(models.Model):
    """Where a seeded fact comes from: an article (or any document) that records can cite."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author"), max_length=200, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["key"]

    def __str__(self):
        return self.title


class Sourced(models.Model):
    """The source of a record and the sentence in it that the record rests on."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    source_excerpt = models.TextField(
        _("quoted sentence"),
        blank=True,
        help_text=_("The sentence of the source this record rests on, quoted as written."),
    )

    class Meta:
        abstract = True


class AgreementQuerySet(models.QuerySet):
    def for_new_activities(self):
        """The regulation new activities are logged against by default, or None."""
        return (
            self.filter(kind=Agreement.Kind.COORDINATION_REGULATION, logs_new_activities=True)
            .order_by("-signed_on", "-id")
            .first()
        )

    # The name other modules knew it by; it never meant a status a source states.
    in_force_regulation = for_new_activities

    def followed_by_coordination(self):
        """The documents the coordination activities must follow, in the article's order."""
        return self.filter(follow_order__isnull=False).order_by("follow_order")


class Agreement(Sourced):
    """A coordination regulation between the two bodies, or a legal basis it rests on."""

    class Kind(models.TextChoices):
        COORDINATION_REGULATION = "regulation", _("coordination regulation")
        RESOLUTION = "resolution", _("resolution")
        DECISION = "decision", _("decision")
        CONCLUSION = "conclusion", _("conclusion")
        DIRECTIVE = "directive", _("directive")
        OTHER = "other", _("other instrument")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        SUPERSEDED = "superseded", _("superseded")
        EXPIRED = "expired", _("expired")
        UNKNOWN = "unknown", _("unknown")

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Short key used by seeds and imports.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(
        _("number/symbol"),
        max_length=60,
        blank=True,
        help_text=_("Leave blank when no source gives it."),
    )
    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title in English"), max_length=400, blank=True)
    parties = models.CharField(
        _("parties or issuer"), max_length=300, blank=True, help_text=_("Separate with “;”.")
    )
    parties_en = models.CharField(
        _("parties or issuer in English"),
        max_length=300,
        blank=True,
        help_text=_("Separate with “;”."),
    )
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNKNOWN
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    stated_focus_area_count = models.PositiveSmallIntegerField(
        _("number of focus areas the source states"),
        null=True,
        blank=True,
        help_text=_("A count the source gives without listing the areas."),
    )
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_("Shown to readers: what the editors inferred, and from what."),
    )
    editor_note_en = models.TextField(_("editor's note in English"), blank=True)
    logs_new_activities = models.BooleanField(
        _("new activities are logged against it"),
        default=False,
        help_text=_("The regulation preselected for activities that staff enter or import."),
    )
    follow_order = models.PositiveSmallIntegerField(
        _("place among the documents the coordination must follow"),
        null=True,
        blank=True,
        help_text=_(
            "Blank unless a source names it among the documents that the coordination "
            "activities must follow and give concrete form to."
        ),
    )
    supersedes_note = models.TextField(
        _("what it supersedes"),
        blank=True,
        help_text=_("The earlier instruments it replaces, as the source describes them."),
    )
    supersedes_note_en = models.TextField(_("what it supersedes, in English"), blank=True)
    supersedes = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    legal_bases = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="basis_for",
        verbose_name=_("legal bases"),
    )

    objects = AgreementQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement or legal document")
        verbose_name_plural = _("agreements and legal documents")
        ordering = [models.F("signed_on").desc(nulls_last=True), "number"]

    def __str__(self):
        if not self.number:
            return self.display_title
        return f"{self.get_kind_display().capitalize()} {self.number}"

    def get_absolute_url(self):
        return detail_url("agreement-detail", self.pk)

    @property
    def display_title(self):
        return localized(self, "title")

    @property
    def display_summary(self):
        return localized(self, "summary")

    @property
    def display_editor_note(self):
        return localized(self, "editor_note")

    @property
    def display_supersedes_note(self):
        return localized(self, "supersedes_note")

    @property
    def is_issued(self):
        """A resolution, decision, directive or conclusion is issued by one body; a regulation
        (or another instrument) between the two bodies is signed by them."""
        return self.kind in (
            self.Kind.RESOLUTION,
            self.Kind.DECISION,
            self.Kind.DIRECTIVE,
            self.Kind.CONCLUSION,
        )

    def party_list(self, field=None):
        """The parties in the page's language, or those of `field` ("parties", "parties_en")."""
        parties = getattr(self, field) if field else localized(self, "parties")
        return [part.strip() for part in parties.split(";") if part.strip()]


class Signatory(Sourced):
    """A person who signed an agreement or attended its signing."""

    class Role(models.TextChoices):
        SIGNED = "signed", _("signed")
        ATTENDED = "attended", _("attended")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("agreement")
    )
    name = models.CharField(_("name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    rank_en = models.CharField(_("rank in English"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    position_en = models.CharField(_("position in English"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_en = models.CharField(_("organisation in English"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatory or attendee")
        verbose_name_plural = _("signatories and attendees")
        # Signers before attendees on every page ("attended" would sort first by its value).
        ordering = [
            "agreement",
            models.Case(models.When(role="signed", then=0), default=1),
            "order",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"], name="signatory_once_per_agreement"
            ),
        ]

    def __str__(self):
        return " ".join(part for part in (self.display_rank, self.name) if part)

    @property
    def display_rank(self):
        return localized(self, "rank")

    @property
    def display_position(self):
        return localized(self, "position")

    @property
    def display_organisation(self):
        return localized(self, "organisation")


#: The one statement shown wherever the focus areas appear (pages, filters, exports, imports).
FOCUS_AREA_NOTE = _(
    "Working list drawn up from press articles: its choice, order and names are editorial; "
    "the regulation's own text has not been checked."
)


class FocusAreaQuerySet(models.QuerySet):
    def active(self):
        """The areas offered in choice lists; retired ones stay only on old records."""
        return self.filter(is_active=True)


class FocusArea(EnglishNamed, Sourced):  # noqa: DJ008 (__str__ from EnglishNamed)
    """A coordination area of the working list activities are tagged with.

    The list is editorial, drawn from the fields of work the press articles name; it is not
    any regulation's text. Imports, exports, links and filters name an area by its code.
    """

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable key used by links, filters, imports and exports; never reused."),
    )
    number = models.PositiveSmallIntegerField(
        _("position in the list"),
        default=0,
        help_text=_("Only the order of display: links and imports use the code."),
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "Untick to retire the area: activities keep it, choice lists no longer offer it."
        ),
    )

    objects = FocusAreaQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area (working list)")
        verbose_name_plural = _("focus areas (working list)")
        ordering = ["number", "code"]


class Award(Sourced):
    """A medal or distinction conferred at a ceremony."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("conferred at the signing of"),
    )
    medal = models.CharField(_("medal or distinction"), max_length=200)
    medal_en = models.CharField(_("medal or distinction in English"), max_length=200, blank=True)
    conferred_by = models.CharField(_("conferred by"), max_length=200)
    conferred_by_en = models.CharField(_("conferred by, in English"), max_length=200, blank=True)
    presented_by = models.CharField(_("presented by"), max_length=200, blank=True)
    recipient_group = models.CharField(
        _("recipients"), max_length=300, blank=True, help_text=_("A described group.")
    )
    recipient_group_en = models.CharField(_("recipients in English"), max_length=300, blank=True)
    recipient_count = models.PositiveIntegerField(_("number of recipients"), null=True, blank=True)
    named_recipients = models.CharField(
        _("named recipients"), max_length=300, blank=True, help_text=_("Separate with “;”.")
    )
    conferred_on = models.DateField(_("date conferred"), null=True, blank=True)
    # A photo caption is a statement of its own (who pinned the medal on whom): it has its own
    # line and its own quote, never joined to the sentence about the group.
    caption_excerpt = models.TextField(
        _("photo caption"),
        blank=True,
        help_text=_("The caption of the source's photo of the award, quoted as written."),
    )
    caption_en = models.TextField(_("photo caption in English"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["agreement", "medal"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(recipient_group="", named_recipients=""),
                name="award_has_recipients",
                violation_error_message=_("Name the recipients or describe the group."),
            ),
        ]

    def __str__(self):
        return self.display_medal

    @property
    def display_medal(self):
        return localized(self, "medal")

    @property
    def display_conferred_by(self):
        return localized(self, "conferred_by")

    @property
    def display_recipient_group(self):
        return localized(self, "recipient_group")

    @property
    def caption_translation(self):
        """The caption in English on English pages (the quote stays Vietnamese), else ""."""
        return self.caption_en if (get_language() or "vi").startswith("en") else ""


class KeyFigure(Sourced):
    """A figure the sources report (members, branches, sessions), with how exact it is."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        MORE_THAN = "more_than", _("more than")
        NEARLY = "nearly", _("nearly")
        ORDER_OF_MAGNITUDE = "magnitude", _("order of magnitude")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    value = models.PositiveBigIntegerField(_("value"), null=True, blank=True)
    qualifier = models.CharField(
        _("precision"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    value_text = models.CharField(
        _("value as written"),
        max_length=100,
        blank=True,
        help_text=_("For figures the source gives only in words, e.g. “hàng chục tỷ đồng”."),
    )
    value_text_en = models.CharField(_("value as written, in English"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(value_text=""),
                name="key_figure_has_value",
                violation_error_message=_("Give the value or the value as written."),
            ),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return localized(self, "label")

    @property
    def display_value_text(self):
        return localized(self, "value_text")
