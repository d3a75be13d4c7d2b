"""Import of the branch tree by a central administrator: the same all-or-nothing checks and
returned error file as the activity import. Rows update the branch with the same code or
create it; a parent may be a branch of the same file, whatever the order of the rows."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import changes
from ..models import Province, UnionBranch
from ..text import fold
from . import hints
from .results import Columns, allowed_list, checked, raw_cell, sheet_rows
from .templates import NAME, TemplateBook

COLUMNS = [
    ("code", gettext_lazy("Branch code (stable, unique)"), True),
    ("name", gettext_lazy("Branch name"), True),
    ("short_name", gettext_lazy("Short name"), False),
    ("kind", gettext_lazy("Kind (police, federation, sectoral, confederation)"), True),
    ("level", gettext_lazy("Level (1 central, 2 upper level, 3 grassroots)"), True),
    ("parent", gettext_lazy("Parent branch code"), False),
    ("province", gettext_lazy("Province code (current)"), False),
    ("member_count", gettext_lazy("Members"), False),
]
COLUMN_SET = Columns(COLUMNS)


def headers():
    return [str(label) for _key, label, _required in COLUMNS]


class BranchRowForm(forms.ModelForm):
    class Meta:
        model = UnionBranch
        fields = ["code", "name", "short_name", "kind", "level", "province", "member_count"]

    def _get_validation_exclusions(self):
        # The code is checked against the file and the table once; the province was looked up.
        return super()._get_validation_exclusions() | {"code", "province"}


def _choices(choices):
    """Accept a choice by its value or its label (Vietnamese or English), diacritics optional."""
    accepted = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for value, label in choices:
                accepted[fold(str(value))] = value
                accepted[fold(str(label))] = value
    return accepted


def validate_and_import(upload, user):
    result, positions, failed, rows = sheet_rows(upload, COLUMN_SET, COLUMNS, "code", _cell)
    if result.errors:
        return result
    choices = {
        "kind": _choices(UnionBranch.Kind.choices),
        "level": _choices(UnionBranch.Level.choices),
    }
    existing = {b.code: b for b in UnionBranch.objects.select_related("parent")}
    current = list(Province.objects.current())
    provinces = {p.code: p.pk for p in current}
    choices["province"] = [(p.code, p.name) for p in current]
    choices["parent"] = [(b.code, b.name) for b in existing.values()]
    choices["hints"] = hints.Hints()
    levels = {b.code: b.level for b in existing.values()}
    in_file = {}
    for number, values in rows:
        code = values["code"]
        if code and code not in in_file:
            in_file[code] = number
            levels[code] = _level(values["level"], choices["level"])
    seen = set()
    prepared = [
        valid
        for check, values in checked(rows, COLUMN_SET, positions, result, failed)
        if (valid := _validate_row(check, values, existing, provinces, levels, seen, choices))
        is not None
    ]
    if not result.errors:
        _write(prepared, user, existing, result)
    return result


def _cell(row, index):
    value = raw_cell(row, index)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _level(value, levels):
    return levels.get(fold(value))


def _validate_row(check, values, existing, provinces, levels, seen, choices):
    code = values["code"]
    if code in seen:
        check.error("code", _("The code “%(code)s” appears twice in the file.") % {"code": code})
    seen.add(code)
    instance = existing.get(code)
    data = {key: values[key] for key in ("code", "name", "short_name", "member_count")}
    kind = choices["kind"].get(fold(values["kind"]))
    if values["kind"] and kind is None:
        check.error(
            "kind",
            _("“%(value)s” is not a kind of branch. Allowed: %(allowed)s.")
            % {"value": values["kind"], "allowed": allowed_list(UnionBranch.Kind.values)},
        )
    data["kind"] = kind or ""
    level = _level(values["level"], choices["level"])
    if values["level"] and level is None:
        check.error(
            "level",
            _("“%(value)s” is not a level. Allowed: 1, 2, 3.") % {"value": values["level"]},
        )
    data["level"] = level or ""
    data["province"] = ""
    if values["province"]:
        province = provinces.get(values["province"].zfill(2))
        if province is None:
            check.error(
                "province",
                _(
                    "“%(value)s” is not the code of a current province (sheet “Provinces” "
                    "of the template)."
                )
                % {"value": values["province"]}
                + choices["hints"].did_you_mean(values["province"], choices["province"]),
            )
        data["province"] = province or ""
    parent = values["parent"]
    if parent:
        if parent == code:
            check.error("parent", _("A branch cannot be its own parent."))
        elif parent not in levels:
            check.error(
                "parent",
                _("“%(value)s” is neither a branch of this file nor an existing branch.")
                % {"value": parent}
                + choices["hints"].did_you_mean(parent, choices["parent"]),
            )
        elif level is not None and levels[parent] is not None and levels[parent] >= level:
            check.error(
                "parent",
                _("The parent branch “%(value)s” must be at a higher level (a smaller number).")
                % {"value": parent},
            )
    form = BranchRowForm(data=data, instance=instance)
    if not form.is_valid():
        check.form_errors(form)
    if not check.ok or form.errors:
        return None
    return check, form, parent, level


class _Misplaced(Exception):
    """Rows the written tree refuses: raised to roll the whole file back."""


def _write(prepared, user, existing, result):
    # Parents have smaller levels, so saving by level saves every parent before its children.
    prepared.sort(key=lambda item: item[3])
    try:
        with changes.recorded() as batch:
            rows = _save(prepared, user, existing, result, batch)
            _check_placements(rows, result)
    except _Misplaced:
        result.created = result.updated = result.unchanged = 0


def _check_placements(rows, result):
    """The admin form's rule (UnionBranch.placement_error), asked of the tree as the whole file
    leaves it: a branch moved below its own sub-branch, or above a sub-branch the file keeps
    where it is, refuses the file. Only the rows that changed a branch are asked: a tree broken
    by the file is broken at one of them (a branch's own place, or its sub-branches' levels)."""
    for check, branch in rows:
        branch.refresh_from_db(fields=["parent", "level"])
        message = branch.placement_error(branch.parent, branch.level)
        if message:
            check.error("parent", message)
    if result.errors:
        raise _Misplaced


def _save(prepared, user, existing, result, batch):
    saved = dict(existing)
    rows = []
    for check, form, parent_code, _rank in prepared:
        branch = form.instance
        created = branch.pk is None
        parent_id = saved[parent_code].pk if parent_code else None
        if not created and not form.has_changed() and branch.parent_id == parent_id:
            result.unchanged += 1
            saved[branch.code] = branch
            continue
        branch = form.save(commit=False)
        branch.parent_id = parent_id
        branch._history_user = user
        branch._change_reason = _("spreadsheet import")
        branch.save()
        batch.touch(branch)
        saved[branch.code] = branch
        rows.append((check, branch))
        result.created += created
        result.updated += not created
    return rows


def template(user):
    """The branch template: the current tree as rows (so a new one is added below), code sheets."""
    book = TemplateBook(_("Branches"), COLUMNS)
    book.sample_row(
        {
            "name": "Công đoàn Công an tỉnh Bắc Ninh",
            "short_name": "CĐ CA Bắc Ninh",
            "kind": "police",
            "level": "2",
            "parent": "cd-cand",
            "province": "24",
            "member_count": "1200",
        },
        "code",
    )
    branch_sheets(book, user)
    return book.close()


def branch_sheets(book, user):
    """The branch template's code sheets, drop-downs and instructions (the error file too)."""
    kinds = book.code_sheet(
        _("Kinds"),
        [_("Code"), NAME],
        [(v, str(label)) for v, label in UnionBranch.Kind.choices],
    )
    book.drop_down("kind", kinds)
    book.drop_down("level", '"1,2,3"')
    parents = book.code_sheet(
        _("Existing branches"),
        [_("Code"), NAME, _("Level")],
        UnionBranch.objects.order_by("level", "code").values_list("code", "name", "level"),
    )
    book.drop_down("parent", parents, strict=False, message=_("Or a code of this file."))
    provinces = book.code_sheet(
        _("Provinces"),
        [_("Code"), NAME],
        Province.objects.current().order_by("code").values_list("code", "name"),
    )
    book.drop_down("province", provinces)
    book.whole_number("member_count")
    book.instructions(
        [
            _("How to fill in this file"),
            _("Fill one branch per row of the first sheet; columns marked * are required."),
            _(
                "A row whose code already exists updates that branch; other rows add branches. "
                "A parent may be an existing branch or a branch of this file."
            ),
            _("Row 2 is a sample: its code starts with #, so it is never imported."),
            _(
                "Every row is checked before anything is saved. If one row has an error, nothing "
                "is imported and you get this file back with each problem marked."
            ),
        ]
    )
