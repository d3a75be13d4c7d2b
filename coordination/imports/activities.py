"""Import of activities: validate every row of the sheet, then write all of them or none.

Written here rather than with django-import-export because the rules need things it does not
do together: per-row scope checks against the uploader's branches, refusal of the whole file on
one bad row with the file handed back annotated, and bounded reading before any parsing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import changes, dates, province_refs, services
from ..models import (
    ActivityType,
    Agreement,
    FocusArea,
    OutreachEvent,
    Province,
    UnionBranch,
)
from ..text import fold
from . import hints, proposals
from .columns import COLUMNS, FIELDS
from .reading import ImportRefused
from .results import Columns, allowed_list, checked, raw_cell, sheet_rows
from .rowform import ImportRowForm

# Headers of the first template, so files filled in from it still import.
ALIASES = {
    gettext_lazy("Focus area numbers (separate with ;)"): "focus_areas",
    gettext_lazy("Date precision (day/month/year)"): "date_precision",
}
COLUMN_SET = Columns(COLUMNS, ALIASES)
YES = {"co", "yes", "x", "1", "true", "toan quoc"}
NO = {"", "khong", "no", "0", "false"}
PRECISIONS = {
    "ngay": "day",
    "day": "day",
    "thang": "month",
    "month": "month",
    "nam": "year",
    "year": "year",
}


def headers():
    return [str(label) for _key, label, _required in COLUMNS]


class _Lookups:
    """Reference data and the file's existing activities, fetched once per import."""

    def __init__(self, user):
        self.regulation = Agreement.objects.for_new_activities()
        self.types = {t.code: t for t in ActivityType.objects.all()}
        # By code or by name, never by position: an administrator may reorder the list.
        areas = list(FocusArea.objects.order_by("number"))
        self.areas = {a.code: a for a in areas}
        self.areas.update({fold(a.name).strip(): a for a in areas})
        self.area_codes = [a.code for a in areas if a.is_active]
        self.branch_records = UnionBranch.objects.in_bulk()
        self.branches = {branch.code: pk for pk, branch in self.branch_records.items()}
        self.provinces = {(p.era, p.code): p for p in Province.objects.select_related("successor")}
        self.type_records = {t.pk: t for t in self.types.values()}
        self.province_records = {p.pk: p for p in self.provinces.values()}
        # What a "did you mean" may offer: only codes this clerk may use in that column.
        self.hint_types = [(t.code, str(t)) for t in self.types.values()]
        self.hint_areas = [(a.code, a.name) for a in areas if a.is_active]
        self.hint_partners = [(b.code, b.name) for b in self.branch_records.values()]
        self.hint_provinces = [
            (province_refs.sheet(p), p.choice_label()) for p in self.provinces.values()
        ]
        self.hints = hints.Hints()
        self.user = user
        self.scope = UnionBranch.objects.workable_ids(user)  # None: every branch
        self.hint_organisers = [
            (b.code, b.name) for pk, b in self.branch_records.items() if self.in_scope(pk)
        ]
        self.by_id, self.by_ref = {}, {}
        self.pending = {}  # activity id → its pending change

    def in_scope(self, branch_pk):
        return self.scope is None or branch_pk in self.scope

    def load_existing(self, ids, refs):
        """The activities the file names by ID or reference, with their links, in few queries."""
        query = OutreachEvent.objects.prefetch_related("partners", "focus_areas")
        ids, refs = [i for i in ids if i], [r for r in refs if r]
        for start in range(0, len(ids), 2000):
            for event in query.filter(pk__in=ids[start : start + 2000]):
                self.by_id[event.pk] = event
        for start in range(0, len(refs), 2000):
            for event in query.filter(external_ref__in=refs[start : start + 2000]):
                self.by_ref[event.external_ref] = event
        self.pending = proposals.pending_of([*self.by_id.values(), *self.by_ref.values()])


def validate_and_import(upload, user):
    """Validate every row; write them all in one transaction only when none has an error."""
    result, positions, failed, rows = sheet_rows(upload, COLUMN_SET, COLUMNS, "external_ref", _cell)
    if result.errors:
        return result
    lookups = _Lookups(user)
    lookups.load_existing(
        [_int(values["id"]) for _n, values in rows], [values["external_ref"] for _n, values in rows]
    )
    seen_refs, seen_ids = set(), set()
    prepared = [  # (form, focus areas) of each row that passed
        valid
        for check, values in checked(rows, COLUMN_SET, positions, result, failed)
        if (valid := _validate_row(check, values, lookups, seen_refs, seen_ids)) is not None
    ]
    if not result.errors:
        _write(prepared, user, lookups, result)
    return result


def _cell(row, index):
    value = raw_cell(row, index)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date | int | float) else str(value).strip()


def _int(value):
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _validate_row(check, values, lookups, seen_refs, seen_ids):
    instance = _instance(check, values, lookups, seen_refs, seen_ids)
    if "id" in check.failed or "external_ref" in check.failed:
        return None
    data = {key: values[key] for key in FIELDS}
    for key in ("title", "description", "place", "external_ref"):
        data[key] = str(values[key])

    code = str(values["activity_type"])
    activity_type = lookups.types.get(code)
    if code and activity_type is None:
        check.error(
            "activity_type",
            _("“%(value)s” is not an activity type code. Allowed: %(allowed)s.")
            % {"value": code, "allowed": allowed_list(lookups.types)}
            + lookups.hints.did_you_mean(code, lookups.hint_types),
        )
    data["activity_type"] = activity_type.pk if activity_type else ""

    kept = {area.code for area in instance.focus_areas.all()} if instance else set()
    areas = _focus_areas(check, values, lookups, kept)
    data["organiser"] = _organiser(check, values, lookups)
    data["partners"] = _partners(check, values, lookups)
    data["province"] = _province(check, values, lookups)
    for key in ("start_date", "end_date"):
        value = values[key]
        data[key] = dates.shown(value) if isinstance(value, datetime.date) else value
        if isinstance(value, int | float):
            check.error(key, _("Write the date as dd/mm/yyyy, e.g. 15/08/2025."))
    precision = fold(str(values["date_precision"])).strip()
    if precision and precision not in PRECISIONS:
        check.error(
            "date_precision",
            _("“%(value)s” is not a date precision. Allowed: ngày, tháng, năm.")
            % {"value": values["date_precision"]},
        )
    data["date_precision"] = PRECISIONS.get(precision) or (
        "day" if data["start_date"] else "unknown"
    )

    data["nationwide"] = _nationwide(check, values, instance)
    if instance is None:
        # A new row is logged against the regulation in force (see _write): validated with it,
        # so a row dated before that regulation was signed is refused.
        instance = OutreachEvent(agreement=lookups.regulation)
    form = ImportRowForm(data=data, instance=instance, lookups=lookups)
    if not form.is_valid():
        check.form_errors(form)
    if not check.ok or form.errors:
        return None
    if instance.pk and (form.has_changed() or not _same_areas(instance, areas)):
        proposals.someone_elses(check, instance, lookups)
    return form, areas


def _nationwide(check, values, instance):
    """Whether the row's activity is nationwide; a file without the column keeps the record's."""
    if "nationwide" not in check.positions:
        return bool(instance and instance.nationwide)
    text = fold(str(values["nationwide"])).strip()
    if text not in YES | NO:
        check.error(
            "nationwide",
            _("“%(value)s”: write “có” for a nationwide activity, or leave the cell blank.")
            % {"value": values["nationwide"]},
        )
    return text in YES


def _instance(check, values, lookups, seen_refs, seen_ids):
    """The activity the row updates: by its ID when given, else by its reference."""
    ref = str(values["external_ref"])
    if ref and ref in seen_refs:
        check.error(
            "external_ref", _("The reference “%(ref)s” appears twice in the file.") % {"ref": ref}
        )
    seen_refs.add(ref)
    by_ref = lookups.by_ref.get(ref) if ref else None
    if str(values["id"]).strip() == "":
        instance = by_ref
    else:
        pk = _int(values["id"])
        instance = lookups.by_id.get(pk)
        if instance is None or not lookups.in_scope(instance.organiser_id):
            check.error(
                "id",
                _(
                    "There is no activity with ID “%(value)s” among those you may edit. "
                    "Leave the ID blank for a new activity."
                )
                % {"value": values["id"]},
            )
            return None
        if pk in seen_ids:
            check.error("id", _("The ID %(value)s appears twice in the file.") % {"value": pk})
        seen_ids.add(pk)
        if by_ref is not None and by_ref.pk != pk:
            if lookups.in_scope(by_ref.organiser_id):
                check.error(
                    "external_ref",
                    _("The reference “%(ref)s” already belongs to activity ID %(id)s.")
                    % {"ref": ref, "id": by_ref.pk},
                )
            else:
                _unusable_ref(check, ref)
    if instance is not None and not lookups.in_scope(instance.organiser_id):
        _unusable_ref(check, ref)
        return None
    return instance


def _unusable_ref(check, ref):
    """A reference the clerk may not use: never said to belong to another branch, nor whose."""
    check.error(
        "external_ref",
        _(
            "The reference “%(ref)s” cannot be used: give the reference of an activity you "
            "may edit, or a new reference."
        )
        % {"ref": ref},
    )


def _area_parts(text, lookups):
    """Codes or names separated by ";" (or "," between codes: names hold commas)."""
    for part in filter(None, (p.strip() for p in text.split(";"))):
        if lookups.areas.get(part) or lookups.areas.get(fold(part).strip()):
            yield part
        else:
            yield from filter(None, (p.strip() for p in part.split(",")))


def _focus_areas(check, values, lookups, kept=frozenset()):
    areas = []
    for part in _area_parts(str(values["focus_areas"]), lookups):
        area = lookups.areas.get(part) or lookups.areas.get(fold(part).strip())
        if area is not None and not area.is_active and area.code not in kept:
            area = None  # retired: only activities that already have it keep it
        if area is None:
            check.error(
                "focus_areas",
                _("“%(value)s” is not a focus area code. Allowed: %(allowed)s.")
                % {"value": part, "allowed": allowed_list(lookups.area_codes)}
                + lookups.hints.did_you_mean(part, lookups.hint_areas),
            )
        elif area not in areas:
            areas.append(area)
    if not areas:
        check.error(
            "focus_areas",
            _("Give at least one focus area code. Allowed: %(allowed)s.")
            % {"allowed": allowed_list(lookups.area_codes)},
        )
    return areas


def _organiser(check, values, lookups):
    code = str(values["organiser"])
    organiser = lookups.branches.get(code)
    if not code:
        check.error("organiser", _("Give the code of the organising branch."))
    elif organiser is None or not lookups.in_scope(organiser):
        mine = [b.code for pk, b in lookups.branch_records.items() if lookups.in_scope(pk)]
        message = (
            _("“%(value)s” is not a branch code.")
            if organiser is None
            else _("“%(value)s” is outside the branches you work for.")
        )
        hint = lookups.hints.did_you_mean(code, lookups.hint_organisers)
        check.error(
            "organiser",
            message % {"value": code}
            + (
                hint
                or " "
                + _("Allowed: %(allowed)s (sheet “Branches” of the template).")
                % {"allowed": allowed_list(sorted(mine))}
            ),
        )
        return ""
    return organiser


def _partners(check, values, lookups):
    partners = []
    for code in filter(None, (c.strip() for c in str(values["partners"]).split(";"))):
        if code not in lookups.branches:
            check.error(
                "partners",
                _("“%(value)s” is not a branch code (see the sheet “Partners” of the template).")
                % {"value": code}
                + lookups.hints.did_you_mean(code, lookups.hint_partners),
            )
        else:
            partners.append(lookups.branches[code])
    return partners


def _province(check, values, lookups):
    value = values["province"]
    text = str(value).strip()
    if not text:
        return ""
    reference = province_refs.parse_sheet(text)
    province = lookups.provinces.get(reference) if reference else None
    if province is None:
        check.error(
            "province",
            _(
                "“%(value)s” is not a province code. Write a current code such as 24, or "
                "cu:NN for a former province (sheet “Provinces” of the template)."
            )
            % {"value": text}
            + lookups.hints.did_you_mean(text, lookups.hint_provinces),
        )
        return ""
    return province.pk


def _write(prepared, user, lookups, result):
    existing = [form.instance.pk for form, _areas in prepared if form.instance.pk]
    with changes.recorded(existing) as batch:
        # Someone may have saved one of these activities since the file was checked.
        versions = dict(
            OutreachEvent.objects.filter(pk__in=existing)
            .select_for_update()
            .values_list("pk", "version")
        )
        for form, areas in prepared:
            event = form.instance
            if event.pk and versions.get(event.pk) != event.version:
                raise ImportRefused(
                    _(
                        "Activity ID %(id)s was changed by someone else while the file was "
                        "being checked. Nothing was imported: upload the file again."
                    )
                    % {"id": event.pk}
                )
            created = event.pk is None
            if not created and not form.has_changed() and _same_areas(event, areas):
                result.unchanged += 1
                continue
            if not created and services.needs_review(event, user):
                # A clerk's re-import of a published activity waits for a reviewer, as an
                # edit in the form does: the public keeps the published version.
                values = {name: form.cleaned_data[name] for name in form.changed_data}
                values["focus_areas"] = areas
                mine = lookups.pending.get(event.pk)
                try:
                    services.propose_change(event, values, by=user, seen=mine.token if mine else "")
                except ValidationError as error:
                    raise ImportRefused(
                        _(
                            "Someone proposed a change of activity ID %(id)s while the file was "
                            "being checked. Nothing was imported: upload the file again."
                        )
                        % {"id": event.pk}
                    ) from error
                result.pending += 1
                continue
            event = form.save(commit=False)
            if created:
                event.created_by = user
                event.status = OutreachEvent.Status.DRAFT
                event.agreement = lookups.regulation
            else:
                event.version += 1
            event._history_user = user
            event._change_reason = _("spreadsheet import")
            event.save()
            form.save_m2m()
            event.focus_areas.set(areas)
            batch.touch(event)
            result.created += created
            result.updated += not created


def _same_areas(event, areas):
    return {a.pk for a in event.focus_areas.all()} == {a.pk for a in areas}
