"""The review workflow in the activity's change form: buttons, comments, pending changes.

Every status change goes through services.move (who may, from where, history, e-mail); an
edit of a published activity by someone who may not publish becomes a PendingChange instead
of a save. This mixin only maps buttons and form fields onto those functions.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import show_value
from ..models import OutreachEvent, PendingChange
from ..permissions import can_review
from ..roles import can_publish
from . import outcomes
from .recorded import _ids

Status = OutreachEvent.Status

#: Change-form buttons (name → target status) next to Django's own save buttons.
BUTTONS = {
    "_submit": Status.SUBMITTED,
    "_publish": Status.PUBLISHED,
    "_return": Status.RETURNED,
    "_withdraw": Status.WITHDRAWN,
}
#: Form fields that are bookkeeping, not part of a proposed change.
NOT_PROPOSED = {"loaded_version", "review_comment", "status"}


class PendingChangeForm:
    """The change form's side of a pending change: which one the page showed (its token goes
    back with every save and approval), and a refusal when a proposal finds another one made
    since (saving again, knowingly, replaces it)."""

    #: The activity's PendingChange when the page was built, and whether a save proposes.
    pending = None
    proposing = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal_conflict = None

    @property
    def loaded_change(self):
        """The token the page sends back (a hidden input, not a field: nothing to save)."""
        if self.is_bound:
            return self.data.get("loaded_change", "")
        return self.pending.token if self.pending else ""

    def clean(self):
        cleaned = super().clean()
        if not self.proposing or self.conflict:
            return cleaned
        other = PendingChange.objects.filter(event=self.instance.pk).first()
        if services.proposal_in_the_way(other, self.loaded_change):
            self.proposal_conflict = {
                "who": _person(other.proposed_by),
                "when": other.proposed_at,
                "rows": _change_rows(self.instance, other),
            }
            self.data = self.data.copy()
            self.data["loaded_change"] = other.token
            raise ValidationError(
                gettext(
                    "Your change was not kept: %(who)s proposed another change of this "
                    "activity after you opened it."
                )
                % {"who": self.proposal_conflict["who"]},
                code="conflict",
            )
        return cleaned


class ReviewAdminMixin:
    @admin.display(description=_("status"), ordering="status")
    def status_label(self, event):
        return format_html(
            '<span class="status-label status-{}">{}</span>',
            event.status,
            capfirst(Status(event.status).label),
        )

    @admin.display(description=_("entered by"), ordering="created_by__username")
    def creator(self, event):
        person = event.created_by
        return (person.get_full_name() or person.get_username()) if person else "–"

    def view_on_site(self, event):
        if event.status == Status.PUBLISHED:
            return event.get_absolute_url()
        return reverse("event-preview", args=[event.pk])

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not can_publish(request.user):
            # The review comment is the reviewer's to write; a clerk reads it above the form.
            form = type(form.__name__, (form,), {"review_comment": None})
        if obj is None:
            return form
        # The very pending change the page compares (read once by change_view), so that the
        # token an approval carries names what the reviewer saw.
        shown = getattr(request, "_review_event", None)
        pending = getattr(shown if shown and shown.pk == obj.pk else obj, "pending_change", None)
        attrs = {
            "pending": pending,
            "proposing": services.needs_review(obj, request.user),
        }
        if pending is not None and not can_review(request.user, obj):
            # The clerk goes on from what they proposed, not from the published version.
            attrs["proposed_initial"] = services.proposed_initial(pending.values)
        return type(form.__name__, (PendingChangeForm, form), attrs)

    # Saving: status moves and pending changes -------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not can_publish(request.user):
            # A reviewer's button from someone else (a crafted post): refused before the form,
            # which has no review comment for them.
            if any(services.MOVES[BUTTONS[name]][1] for name in BUTTONS if name in request.POST):
                raise PermissionDenied
        if request.method == "POST" and object_id:
            for button, approve in (("_approve_change", True), ("_return_change", False)):
                if button in request.POST:
                    return self._review_change(request, object_id, approve)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _review_change(self, request, object_id, approve):
        event = self.get_object(request, object_id)
        comment = request.POST.get("review_comment", "")
        try:
            if approve:
                services.approve_change(
                    event,
                    request.user,
                    seen=request.POST.get("loaded_change", ""),
                    version=request.POST.get("loaded_version", ""),
                    comment=comment,
                )
                self.message_user(
                    request, gettext("The change is approved and now public."), messages.SUCCESS
                )
            else:
                services.return_change(event, request.user, comment)
                self.message_user(
                    request,
                    gettext("The change is returned to its author with your comment."),
                    messages.SUCCESS,
                )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(self._queue_or_list(request))

    def save_model(self, request, obj, form, change):
        request._review_target = self._requested_status(request, form, obj)
        request._proposed = False
        if not change:
            obj.created_by = request.user
            obj.status = Status.DRAFT
        elif (stored := OutreachEvent.objects.filter(pk=obj.pk).first()) is None:
            # A central administrator restoring a deleted activity from its history.
            request._review_target = None
        else:
            obj.status = stored.status
            edited = [name for name in form.changed_data if name not in NOT_PROPOSED]
            if not edited and request._review_target:
                return  # a button press alone: no edit to save or to keep in the history
            if services.needs_review(stored, request.user):
                values = {
                    name: value
                    for name, value in form.cleaned_data.items()
                    if name not in NOT_PROPOSED and name in form._meta.fields
                }
                request._proposed = services.propose_change(
                    stored, values, by=request.user, seen=form.loaded_change
                )
                return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if request._proposed is not False:
            return
        super().save_related(request, form, formsets, change)
        target = request._review_target
        if target:
            comment = form.cleaned_data.get("review_comment", "")
            try:
                services.move(form.instance, target, request.user, comment)
                request._outcome = outcomes.moved(
                    form.instance, target, request.user, comment.strip()
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                request._outcome = ""
            form.instance.refresh_from_db()

    def _requested_status(self, request, form, obj):
        for button, status in BUTTONS.items():
            if button in request.POST:
                return status
        wanted = form.cleaned_data.get("status")
        if "status" in form.changed_data and wanted and wanted != Status.DRAFT:
            return wanted
        return None

    def response_change(self, request, obj):
        if request._proposed is None:
            self.message_user(
                request,
                gettext("Nothing differs from the published version: no change waits for review."),
                messages.INFO,
            )
            return HttpResponseRedirect(self._queue_or_list(request))
        if request._proposed:
            self.message_user(
                request,
                gettext(
                    "Your change is waiting for a reviewer; the public site keeps showing "
                    "the published version until it is approved."
                ),
                messages.WARNING,
            )
            return HttpResponseRedirect(self._queue_or_list(request))
        return self._told(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._told(request, obj) or super().response_add(request, obj, post_url_continue)

    def _told(self, request, obj):
        """After a status move or a restore: its own message instead of Django's generic one,
        and the page Django would go to. After a refused move, back to the form."""
        outcome = getattr(request, "_outcome", None)
        restoring = getattr(request, "_restoring", None)
        if restoring:
            outcome = outcomes.restored(obj, *restoring)
        if outcome is None:
            return None
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if not outcome:  # the move was refused: its error is the message
            return HttpResponseRedirect(change_url)
        self.message_user(request, outcome, messages.SUCCESS)
        if "_continue" in request.POST:
            return HttpResponseRedirect(change_url)
        return self.response_post_save_change(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            # The version restored and whether the activity was deleted, for the message.
            ids, versions = _ids(object_id), _ids(version_id)
            version = OutreachEvent.history.filter(id__in=ids, history_id__in=versions).first()
            if version is not None:
                deleted = not OutreachEvent.objects.filter(pk=version.id).exists()
                request._restoring = (version, deleted)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _queue_or_list(self, request):
        return reverse("admin:coordination_outreachevent_changelist")

    # What the change form shows ---------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        request._review_event = event
        extra_context = {**(extra_context or {}), **self.review_context(request, event)}
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.review_context(request, None)}
        return super().add_view(request, form_url, extra_context)

    def review_context(self, request, event):
        user = request.user
        reviewer = can_review(user, event) if event else can_publish(user)
        status = event.status if event else Status.DRAFT
        change = getattr(event, "pending_change", None) if event else None
        rows = _change_rows(event, change) if change else []
        buttons = []
        if status in services.MOVES[Status.SUBMITTED][0] and not reviewer:
            buttons.append(("_submit", _("Save and submit for review"), "default"))
        if reviewer and status in services.MOVES[Status.PUBLISHED][0]:
            buttons.append(("_publish", _("Save and publish"), "default"))
        if reviewer and status == Status.SUBMITTED:
            buttons.append(("_return", _("Return with comment"), "return"))
        if reviewer and status == Status.PUBLISHED:
            buttons.append(("_withdraw", _("Withdraw from the public site"), "return"))
        return {
            "review": {
                "buttons": buttons,
                "reviewer": reviewer,
                "returned": _last_return(event) if status == Status.RETURNED else None,
                "change": change,
                "change_rows": rows,
                "changed_since": [row["label"] for row in rows if row["changed_since"]],
                "change_pending": change is not None
                and change.status == PendingChange.Status.PENDING,
            }
        }


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else gettext("someone")


def _last_return(event):
    step = (
        event.history.filter(status=Status.RETURNED)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    if step is None:
        return None
    reason = step.history_change_reason or ""
    return {
        "who": step.history_user,
        "when": step.history_date,
        "comment": reason.removeprefix(services.status_reason(Status.RETURNED) + ": "),
    }


def _change_rows(event, change):
    """Field by field: the published value and the proposed one, where they differ, and
    whether the published value changed since the proposal was made from it."""
    fields, m2m = services.deserialise(change.values)
    now = services.published_values(event, change.values)
    rows = []
    for attname, proposed in fields.items():
        field = next(f for f in OutreachEvent._meta.concrete_fields if f.attname == attname)
        current = getattr(event, attname)
        if (current or None) == (proposed or None):
            continue
        if field.is_relation:
            model = field.related_model
            current = model.objects.filter(pk=current).first() if current else None
            proposed = model.objects.filter(pk=proposed).first() if proposed else None
        elif field.choices:
            current = dict(field.flatchoices).get(current, current)
            proposed = dict(field.flatchoices).get(proposed, proposed)
        rows.append(_row(field, current, proposed, change, now))
    for name, pks in m2m.items():
        field = OutreachEvent._meta.get_field(name)
        current = set(getattr(event, name).all())
        proposed = set(field.related_model.objects.filter(pk__in=pks))
        if current != proposed:
            rows.append(_row(field, current, proposed, change, now))
    return rows


def _row(field, current, proposed, change, now):
    base = change.base.get(field.name, now[field.name])
    return {
        "label": capfirst(field.verbose_name),
        "current": show_value(current),
        "proposed": show_value(proposed),
        "changed_since": not services.same(base, now[field.name]),
    }
