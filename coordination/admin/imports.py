import base64

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import imports
from ..models import OutreachEvent

SESSION_KEY = "import_errors_file"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv, at most 5 MB and 10,000 rows)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Django's upload settings do not cap a file's size: check it before reading.
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB. Split it into smaller files.")
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


def _check(request):
    if not request.user.has_perm("coordination.add_outreachevent"):
        raise PermissionDenied


def import_view(request):
    _check(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.validate_and_import(upload, request.user)
        except imports.ImportError_ as exc:
            form.add_error("file", str(exc))
        else:
            if not result.errors:
                messages.success(request, imported_message(result))
                return redirect("admin:coordination_outreachevent_changelist")
            as_xlsx = upload.name.lower().endswith(".xlsx")
            request.session[SESSION_KEY] = {
                "name": upload.name.rsplit(".", 1)[0]
                + (" - loi.xlsx" if as_xlsx else " - loi.csv"),
                "data": base64.b64encode(imports.annotated_file(result, as_xlsx)).decode(),
            }
    context = {
        **admin.site.each_context(request),
        "title": _("Import activities from a spreadsheet"),
        "opts": OutreachEvent._meta,
        "form": form,
        "result": result,
        "columns": imports.COLUMNS,
    }
    return TemplateResponse(request, "admin/coordination/outreachevent/import.html", context)


def imported_message(result):
    message = _(
        "Imported %(total)d activities: %(created)d new, %(updated)d updated, "
        "%(unchanged)d unchanged."
    ) % {
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    if result.notes:
        message += " " + ngettext(
            "%(count)d row marked with # (such as the sample row) was not imported.",
            "%(count)d rows marked with # (such as the sample row) were not imported.",
            result.notes,
        ) % {"count": result.notes}
    return message


def errors_file_view(request):
    _check(request)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        raise Http404(_("There is no file with errors to download."))
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if stored["name"].endswith(".xlsx")
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(base64.b64decode(stored["data"]), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_ascii(stored["name"])}"'
    return response


def template_view(request):
    _check(request)
    response = HttpResponse(
        imports.activity_template(request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong.xlsx"'
    return response


def _ascii(name):
    return "".join(ch if ch.isascii() and ch not in '"\\' else "_" for ch in name)
