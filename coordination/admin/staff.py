"""Staff accounts. Superusers get Django's full user screens; a central administrator gets a
form of roles and branches only, so no role can raise itself beyond the three.

A central administrator never sees a superuser (list, pickers, history), only reads another
central administrator's account (roles.may_manage_account: no password, e-mail or role change,
ever, not even after a role taken away), and cannot grant superuser status, single permissions
or other groups. Usernames are told apart ignoring case. Every change is kept in the account's
history with who made it; `manage.py assign_staff` does the same from the command line.
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
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import StaffAssignment
from ..roles import GROUP_NAMES, may_manage_account, visible_accounts
from .widgets import BoundedInline, SafeAutocompleteMixin

User = get_user_model()


def role_groups():
    return Group.objects.filter(name__in=GROUP_NAMES.values()).order_by("name")


class RolesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=role_groups(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Roles"),
            help_text=_(
                "Data entry logs the branch's activities; reviewers also publish them; central "
                "administrators see every branch and manage reference data and staff."
            ),
            **kwargs,
        )


class _UsernameUnlikeOthers:
    """`ROOT` beside `root` would be two accounts that read as one person: usernames are
    compared ignoring case (the field has already stripped surrounding spaces)."""

    def clean_username(self):
        username = self.cleaned_data.get("username")
        others = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if username and others.exists():
            raise ValidationError(self.instance.unique_error_message(User, ["username"]))
        return username


class SuperuserChangeForm(_UsernameUnlikeOthers, UserChangeForm):
    pass


class SuperuserCreationForm(_UsernameUnlikeOthers, AdminUserCreationForm):
    pass


class _RolesMixin:
    """Staff status, and the three roles; any other group a superuser gave stays as it was."""

    def save(self, commit=True):
        self.instance.is_staff = True
        return super().save(commit)

    def _save_m2m(self):
        super()._save_m2m()
        other = self.instance.groups.exclude(name__in=GROUP_NAMES.values())
        self.instance.groups.set([*other, *self.cleaned_data["roles"]])


class StaffChangeForm(_UsernameUnlikeOthers, _RolesMixin, forms.ModelForm):
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


class StaffCreationForm(_UsernameUnlikeOthers, _RolesMixin, AdminUserCreationForm):
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


#: A Vietnamese name reads family, middle, then given name ("Nguyễn Thị" + "Lan"), so that
#: get_full_name(), used in mails, history and messages, reads it in that order.
NAME_LABELS = {
    "first_name": _("Family and middle names"),
    "last_name": _("Given name"),
}


@admin.register(User)
class StaffUserAdmin(SimpleHistoryAdmin, UserAdmin):
    inlines = [StaffAssignmentInline]
    change_password_form = RecordedPasswordChangeForm
    form = SuperuserChangeForm
    add_form = SuperuserCreationForm
    list_display = ["username", "full_name", "mail_address", "is_active"]
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

    read_only_fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Personal info"), {"fields": ["full_name", "email"]}),
        (_("Roles"), {"fields": ["is_active", "role_names"]}),
    ]

    @admin.display(description=_("full name"), ordering="first_name")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("e-mail address"), ordering="email")
    def mail_address(self, user):
        return user.email or gettext("none: gets no mail")

    def get_queryset(self, request):
        return super().get_queryset(request) & visible_accounts(request.user)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return self.staff_add_fieldsets
        if self.has_change_permission(request, obj):
            return self.staff_fieldsets
        return self.read_only_fieldsets

    @admin.display(description=_("roles"))
    def role_names(self, obj):
        return ", ".join(
            obj.groups.filter(name__in=GROUP_NAMES.values()).values_list("name", flat=True)
        )

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = StaffCreationForm if obj is None else StaffChangeForm
        form = super().get_form(request, obj, **kwargs)
        for name, label in NAME_LABELS.items():
            if name in form.base_fields:
                form.base_fields[name].label = label
        return form

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return [*super().get_list_filter(request), ReachableFilter]
        return ["is_active", "groups", ReachableFilter]

    def has_change_permission(self, request, obj=None):
        # Read-only for an account this user may not take over; the password page asks too.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_account(request.user, obj))

    def _check_visible(self, request, object_id):
        # simple_history would fall back on the history of an account outside get_queryset.
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting an account could bring back a role or a superuser flag it no longer has.
        if request.method == "POST" and not request.user.is_superuser:
            raise PermissionDenied
        self._check_visible(request, object_id)
        # An account this user may only read: its current page, not its old versions (their
        # form would be an editable one, which such an account has not).
        account = self.get_object(request, unquote(object_id))
        if not may_manage_account(request.user, account):
            raise PermissionDenied
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser
