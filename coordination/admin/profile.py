"""Each staff member's own notification settings: theirs only, whatever their role."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .. import changes
from ..models import StaffProfile


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    fields = ["mail"]
    radio_fields = {"mail": admin.VERTICAL}

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.user == request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is one row to show, the person's own: made with the defaults when first opened.
        with changes.recorded():  # every write of the app runs in one; nothing public changes
            own, _created = StaffProfile.objects.get_or_create(user=request.user)
        return redirect(reverse("admin:coordination_staffprofile_change", args=[own.pk]))

    def save_model(self, request, obj, form, change):
        with changes.recorded():
            super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        # Back to the index, not to a list of one.
        return redirect("admin:index") if "_continue" not in request.POST else response
