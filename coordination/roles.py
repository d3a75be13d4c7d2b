"""The three staff roles and the model permissions each one carries.

A data migration creates them as Django groups; `sync_roles` can be run again after new
models or permissions appear (it only adds and removes this app's own grants).
"""

ENTRY, REVIEWER, CENTRAL = "entry", "reviewer", "central"

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
    from django.contrib.auth.models import Group

    return Group.objects.get(name=GROUP_NAMES[role])
