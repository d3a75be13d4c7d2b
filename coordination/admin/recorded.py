"""Every admin write is one unit of work (coordination/changes.py).

A POST to a change, delete, revert or list page runs inside one `changes.recorded()` block
that spans Django's own transaction for it, so tallies and the content version change once,
at the end, whatever the form, its inlines or an action saved. The write methods below say
what they wrote; the blocks they open join the request's block.
"""

from .. import changes


def _ids(object_id):
    try:
        return [int(object_id)]
    except (TypeError, ValueError):
        return []


class RecordedChangesAdmin:
    #: Declare the edited record to the unit of work (for activities, whose tallies depend
    #: on what they were before the change).
    declares_object = False

    def _recorded(self, request, object_id=None):
        declared = _ids(object_id) if self.declares_object else []
        return changes.recorded(declared if request.method == "POST" else ())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with self._recorded(request, object_id):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with self._recorded(request, object_id):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with self._recorded(request):
            return super().changelist_view(request, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        with self._recorded(request, object_id):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        with changes.recorded() as batch:
            super().save_model(request, obj, form, change)
            batch.touch(obj)

    def save_related(self, request, form, formsets, change):
        with changes.recorded() as batch:
            super().save_related(request, form, formsets, change)
            batch.touch(form.instance)

    def save_formset(self, request, form, formset, change):
        with changes.recorded() as batch:
            super().save_formset(request, form, formset, change)
            batch.touch(
                *formset.new_objects,
                *(obj for obj, _fields in formset.changed_objects),
                *formset.deleted_objects,
            )

    def delete_model(self, request, obj):
        with changes.recorded([obj] if self.declares_object else ()) as batch:
            batch.touch(obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with changes.recorded(queryset if self.declares_object else ()) as batch:
            batch.touch(*queryset)
            super().delete_queryset(request, queryset)
