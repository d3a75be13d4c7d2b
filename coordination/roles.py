"""The three staff roles and the model permissions each one carries.

A data migration creates them as Django groups; `sync_roles` can be run again after new
models or permissions appear (it only adds and removes this app's own grants). Whether a
user holds the central or the publishing power is answered here, once: for the signed-in user
(is_central, can_publish) and as a query over other people's accounts (accounts_with).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

ENTRY, REVIEWER, CENTRAL = "entry", "reviewer", "central"

#: Central administrators (and superusers) work on every branch's records.
CENTRAL_PERMISSION = "coordination.manage_all"
#: Reviewers (and central administrators) publish, return and withdraw activities.
PUBLISH_PERMISSION = "coordination.publish_outreachevent"
# Django's permission backend; the other one (axes) only authenticates.
_PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"

#: Group names as staff see them in admin.
GROUP_NAMES = {
    ENTRY: "Nhập liệu",
    REVIEWER: "Người duyệt",
    CENTRAL: "Quản trị trung ương",
}

REFERENCE_MODELS = [
    "agreement",
    "signatory",
    "focusarea",
    "award",
    "keyfigure",
    "activitytype",
    "unionbranch",
    "province",
    "source",
]
_VIEW_REFERENCE = [("coordination", f"view_{model}") for model in REFERENCE_MODELS]
_ENTRY = [
    ("coordination", "view_outreachevent"),
    ("coordination", "add_outreachevent"),
    ("coordination", "change_outreachevent"),
    ("coordination", "delete_outreachevent"),
    *_VIEW_REFERENCE,
]
_CENTRAL_MODELS = [*REFERENCE_MODELS, "outreachevent", "staffassignment"]

PERMISSIONS = {
    ENTRY: _ENTRY,
    REVIEWER: [*_ENTRY, ("coordination", "publish_outreachevent")],
    CENTRAL: [
        *[
            ("coordination", f"{action}_{model}")
            for model in _CENTRAL_MODELS
            for action in ("view", "add", "change", "delete")
        ],
        ("coordination", "publish_outreachevent"),
        ("coordination", "manage_all"),
        ("auth", "view_user"),
        ("auth", "add_user"),
        ("auth", "change_user"),
    ],
}


def is_central(user):
    """A central administrator or a superuser: active staff holding the central permission."""
    return user.is_active and user.is_staff and user.has_perm(CENTRAL_PERMISSION)


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def accounts_with(permission, is_active=True):
    """The accounts holding a permission through a role, their own grants or superuser status:
    user.has_perm() as one query over many accounts (is_active=None: active or not)."""
    return get_user_model().objects.with_perm(
        permission, is_active=is_active, backend=_PERMISSION_BACKEND
    )


def visible_accounts(user):
    """The accounts a user may see in admin, in lists, pickers and histories: a superuser's
    only to superusers."""
    accounts = get_user_model().objects.all()
    return accounts if user.is_superuser else accounts.filter(is_superuser=False)


def held_central_powers(account):
    """The account is a superuser or a central administrator (by a role or its own grant,
    active or not), or was one in any version of its history (by the superuser flag or a
    role): a role taken away for a moment does not make it an ordinary account."""
    User = get_user_model()
    if accounts_with(CENTRAL_PERMISSION, is_active=None).filter(pk=account.pk).exists():
        return True
    app_label, codename = CENTRAL_PERMISSION.split(".")
    central_role = Q(
        historicaluser_groups__group__permissions__content_type__app_label=app_label,
        historicaluser_groups__group__permissions__codename=codename,
    )
    return User.history.filter(Q(is_superuser=True) | central_role, id=account.pk).exists()


def may_manage_account(user, account):
    """Whether a user may change an account: its password, e-mail, name, roles, active flag.

    A superuser manages every account. A central administrator manages their own and every
    account that never held central powers: another central administrator's or a
    superuser's can be taken over by its password or e-mail, so only a superuser changes it.
    """
    if user.is_superuser:
        return True
    if not is_central(user):
        return False
    return account.pk == user.pk or not held_central_powers(account)


def sync_roles(apps):
    """Create the groups and give each exactly its permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in PERMISSIONS[role]
        ]
        group.permissions.set(wanted)


def group_for(role):
    # Not at the top: apps.py imports this module before the models can be imported.
    from django.contrib.auth.models import Group

    return Group.objects.get(name=GROUP_NAMES[role])
