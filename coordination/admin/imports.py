"""Admin pages for the spreadsheet imports: activities (staff) and the branch tree (central)."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import imports
from ..downloads import download
from ..imports import branches as branch_import
from ..imports import errorstore, running
from ..models import OutreachEvent, UnionBranch
from ..roles import is_central


@dataclass
class Kind:
    """What differs between the imports: rules, columns, template, who may, where to go."""

    model: type
    title: str
    intro: str
    columns: list
    validate: object
    template: object
    template_name: str
    allowed: object
    sheets: object  # (book, user): the template's code sheets and drop-downs

    @property
    def name(self):
        return self.model._meta.model_name

    def url(self, suffix):
        return f"admin:coordination_{self.name}_import{suffix}"


ACTIVITIES = Kind(
    model=OutreachEvent,
    title=gettext_lazy("Import activities from a spreadsheet"),
    intro=gettext_lazy(
        "Every row is checked before anything is saved. If one row has an error, nothing is "
        "imported: fix the rows listed below and upload the file again. A row with an ID, or "
        "with a reference that already exists, updates that activity instead of adding a copy; "
        "a file exported from the activity list comes back in as it is. Rows whose reference "
        "starts with # (such as the template's sample) are skipped. New activities start as "
        "drafts."
    ),
    columns=imports.COLUMNS,
    validate=imports.validate_and_import,
    template=imports.activity_template,
    template_name="mau-nhap-hoat-dong.xlsx",
    allowed=lambda user: user.has_perm("coordination.add_outreachevent"),
    sheets=imports.activity_sheets,
)
BRANCHES = Kind(
    model=UnionBranch,
    title=gettext_lazy("Import the branch tree from a spreadsheet"),
    intro=gettext_lazy(
        "Every row is checked before anything is saved. If one row has an error, nothing is "
        "imported. A row whose code already exists updates that branch; other rows add "
        "branches. A parent may be an existing branch or a branch of the same file, in any "
        "order. Rows whose code starts with # are skipped."
    ),
    columns=branch_import.COLUMNS,
    validate=branch_import.validate_and_import,
    template=branch_import.template,
    template_name="mau-nhap-don-vi.xlsx",
    allowed=is_central,
    sheets=branch_import.branch_sheets,
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv, at most 5 MB and 10,000 rows)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            imports.check_upload(upload)
        except imports.ImportRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def _check(request, kind):
    if not kind.allowed(request.user):
        raise PermissionDenied


#: Errors listed on the page; the rest are counted, and all are in the file to download.
ERRORS_SHOWN = 100


def _session_key(kind):
    return f"import_errors_file_{kind.name}"


def import_page(request, kind):
    _check(request, kind)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = _run(request, kind, form)
        if result is not None and not result.errors:
            messages.success(request, imported_message(result, kind))
            return redirect(f"admin:coordination_{kind.name}_changelist")
    errors = result.errors if result else []
    context = {
        **admin.site.each_context(request),
        "title": kind.title,
        "intro": kind.intro,
        "opts": kind.model._meta,
        "form": form,
        "result": result,
        "errors_shown": errors[:ERRORS_SHOWN],
        "errors_not_shown": max(len(errors) - ERRORS_SHOWN, 0),
        "columns": kind.columns,
        "template_url": reverse(kind.url("_template")),
        "errors_url": reverse(kind.url("_errors")),
    }
    return TemplateResponse(request, "admin/coordination/import.html", context)


def _run(request, kind, form):
    """Check (and import) the upload, one import at a time per user; the result or None."""
    with running.one_at_a_time(request.user) as mine:
        if not mine:
            form.add_error(
                "file",
                _(
                    "You already have an import running. Wait for it to finish, then upload "
                    "this file again."
                ),
            )
            return None
        return _check_and_import(request, kind, form)


def _check_and_import(request, kind, form):
    _forget_error_file(request, kind)
    errorstore.delete_expired()
    upload = form.cleaned_data["file"]
    try:
        result = kind.validate(upload, request.user)
    except imports.ImportRefused as exc:
        form.add_error("file", str(exc))
        return None
    if result.errors:
        as_xlsx = upload.name.lower().endswith(".xlsx")
        content = imports.annotated_file(
            result, as_xlsx, lambda book: kind.sheets(book, request.user)
        )
        request.session[_session_key(kind)] = {
            "name": upload.name.rsplit(".", 1)[0] + (" - loi.xlsx" if as_xlsx else " - loi.csv"),
            "token": errorstore.save(request.user, content),
        }
    return result


def _forget_error_file(request, kind):
    stored = request.session.pop(_session_key(kind), None)
    if isinstance(stored, dict):
        errorstore.delete(request.user, stored.get("token"))


def imported_message(result, kind=ACTIVITIES):
    counts = {
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    if kind is ACTIVITIES:
        message = _(
            "Imported %(total)d activities: %(created)d new, %(updated)d updated, "
            "%(unchanged)d unchanged."
        )
    else:
        message = _(
            "Imported %(total)d branches: %(created)d new, %(updated)d updated, "
            "%(unchanged)d unchanged."
        )
    message %= counts
    if getattr(result, "pending", 0):
        message += " " + ngettext(
            "%(count)d change of a published activity waits for a reviewer; the public site "
            "keeps the published version until it is approved.",
            "%(count)d changes of published activities wait for a reviewer; the public site "
            "keeps the published versions until they are approved.",
            result.pending,
        ) % {"count": result.pending}
    if result.notes:
        message += " " + ngettext(
            "%(count)d row marked with # (such as the sample row) was not imported.",
            "%(count)d rows marked with # (such as the sample row) were not imported.",
            result.notes,
        ) % {"count": result.notes}
    return message


def errors_file(request, kind):
    _check(request, kind)
    stored = request.session.get(_session_key(kind))
    content = errorstore.read(request.user, stored.get("token")) if stored else None
    if content is None:
        raise Http404(_("There is no file with errors to download."))
    return download(content, stored["name"])


def template_file(request, kind):
    _check(request, kind)
    return download(kind.template(request.user), kind.template_name)


def urls(admin_site, kind):
    """The import page, its template and its error file, under the model's admin URLs."""
    from django.urls import path

    def view(function):
        return admin_site.admin_view(lambda request: function(request, kind))

    return [
        path("import/", view(import_page), name=kind.url("")[len("admin:") :]),
        path(
            "import/template.xlsx",
            view(template_file),
            name=kind.url("_template")[len("admin:") :],
        ),
        path("import/errors/", view(errors_file), name=kind.url("_errors")[len("admin:") :]),
    ]
