"""The three staff roles and the model permissions each one carries.

A data migration creates them as Django groups; `sync_roles` can be run again after new
models or permissions appear (it only adds and removes this app's own grants). Whether a
user holds the central or the publishing power is answered here, once: for the signed-in user
(is_central, can_publish) and as a query over other people's accounts (accounts_with).
"""

from django.contrib.auth import get_user_model

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
