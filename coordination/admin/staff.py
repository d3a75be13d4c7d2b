"""Staff accounts. Superusers get Django's full user screens; a central administrator gets a
form of roles and branches only, so no role can raise itself beyond the three.

A central administrator never sees a superuser, cannot set another central administrator's
password, and cannot grant superuser status, single permissions or other groups. Every change
is kept in the account's history with who made it; `manage.py assign_staff` does the same
from the command line.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    ReadOnlyPasswordHashField,
)
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import StaffAssignment
from ..roles import CENTRAL_PERMISSION, GROUP_NAMES, accounts_with
from .widgets import BoundedInline, SafeAutocompleteMixin

User = get_user_model()


def role_groups():
    return Group.objects.filter(name__in=GROUP_NAMES.values()).order_by("name")


def is_central_account(user):
    """Holds the central role, even while the account is deactivated."""
    return accounts_with(CENTRAL_PERMISSION, is_active=None).filter(pk=user.pk).exists()


class RolesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=role_groups(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("roles"),
            help_text=_(
                "Data entry logs the branch's activities; reviewers also publish them; central "
                "administrators see every branch and manage reference data and staff."
            ),
            **kwargs,
        )


class _RolesMixin:
    """Staff status, and the three roles; any other group a superuser gave stays as it was."""

    def save(self, commit=True):
        self.instance.is_staff = True
        return super().save(commit)

    def _save_m2m(self):
        super()._save_m2m()
        other = self.instance.groups.exclude(name__in=GROUP_NAMES.values())
        self.instance.groups.set([*other, *self.cleaned_data["roles"]])


class StaffChangeForm(_RolesMixin, forms.ModelForm):
    password = ReadOnlyPasswordHashField(label=_("Password"))
    roles = RolesField()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = list(
                self.instance.groups.filter(name__in=GROUP_NAMES.values())
            )


class StaffCreationForm(_RolesMixin, AdminUserCreationForm):
    roles = RolesField()

    class Meta(AdminUserCreationForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]


class RecordedPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        self.user._change_reason = gettext("Password changed by an administrator")
        return super().save(commit)


class ReachableFilter(admin.SimpleListFilter):
    """Who gets no review mail: an account without an e-mail address."""

    title = _("e-mail address")
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("none", _("none: gets no mail")), ("some", _("has one"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(email="")
        if self.value() == "some":
            return queryset.exclude(email="")
        return queryset


class StaffAssignmentInline(BoundedInline, SafeAutocompleteMixin, admin.TabularInline):
    model = StaffAssignment
    extra = 1
    autocomplete_fields = ["branch"]
    verbose_name_plural = _("branches this person works for")


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(SimpleHistoryAdmin, UserAdmin):
    inlines = [StaffAssignmentInline]
    change_password_form = RecordedPasswordChangeForm
    list_display = ["username", "first_name", "last_name", "mail_address", "is_active"]
    staff_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Roles"), {"fields": ["is_active", "roles"]}),
    ]
    staff_add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "usable_password", "password1", "password2"],
            },
        ),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Roles"), {"fields": ["roles"]}),
    ]

    @admin.display(description=_("e-mail address"), ordering="email")
    def mail_address(self, user):
        return user.email or gettext("none: gets no mail")

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_add_fieldsets if obj is None else self.staff_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = StaffCreationForm if obj is None else StaffChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return [*super().get_list_filter(request), ReachableFilter]
        return ["is_active", "groups", ReachableFilter]

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if (
            target is not None
            and not request.user.is_superuser
            and target.pk != request.user.pk
            and is_central_account(target)
        ):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting an account could bring back a role or a superuser flag it no longer has.
        if request.method == "POST" and not request.user.is_superuser:
            raise PermissionDenied
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser
