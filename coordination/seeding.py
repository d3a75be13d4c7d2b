"""Load the reviewable data files in seeds/: validate everything, write all or nothing.

Each file holds records of one model, matched to existing rows by a natural key, so a second
run changes nothing and an edited file updates the matching rows.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from . import changes
from .models import (
    ActivityType,
    Agreement,
    Award,
    FocusArea,
    KeyFigure,
    OutreachEvent,
    Province,
    Signatory,
    Source,
    UnionBranch,
)

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


class SeedError(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Spec:
    file: str
    model: type
    key: tuple
    refs: dict = field(default_factory=dict)  # field -> (model, lookup field)
    m2m: dict = field(default_factory=dict)


def _province_ref(value):
    era, _, code = str(value).rpartition(":")
    return Province.objects.get(code=code, era=era or Province.Era.CURRENT)


SPECS = [
    Spec("sources.yaml", Source, ("key",)),
    Spec("provinces.yaml", Province, ("code", "era")),
    Spec(
        "agreements.yaml",
        Agreement,
        ("code",),
        m2m={"legal_bases": (Agreement, "code"), "supersedes": (Agreement, "code")},
    ),
    Spec(
        "signatories.yaml",
        Signatory,
        ("agreement", "name"),
        refs={"agreement": (Agreement, "code")},
    ),
    Spec("focus_areas.yaml", FocusArea, ("code",)),
    Spec("awards.yaml", Award, ("agreement", "medal"), refs={"agreement": (Agreement, "code")}),
    Spec("key_figures.yaml", KeyFigure, ("code",)),
    Spec("activity_types.yaml", ActivityType, ("code",)),
    Spec(
        "branches.yaml",
        UnionBranch,
        ("code",),
        refs={"parent": (UnionBranch, "code"), "province": (Province, None)},
    ),
    Spec(
        "events.yaml",
        OutreachEvent,
        ("external_ref",),
        refs={
            "activity_type": (ActivityType, "code"),
            "agreement": (Agreement, "code"),
            "organiser": (UnionBranch, "code"),
            "province": (Province, None),
        },
        m2m={"focus_areas": (FocusArea, "code"), "partners": (UnionBranch, "code")},
    ),
]


def _flatten_provinces(data):
    """provinces.yaml nests former units under their successor; make one record per unit."""
    records = []
    for current in data.get("current", []):
        formers = current.get("former", [])
        records.append({**{k: v for k, v in current.items() if k != "former"}, "era": "current"})
        for former in formers:
            if len(formers) > 1:
                change = "merged"
            else:
                change = "unchanged" if former["name"] == current["name"] else "renamed"
            records.append(
                {"change": change, **former, "era": "former", "successor": current["code"]}
            )
    return records


def read_records(spec, seeds_dir):
    path = Path(seeds_dir) / spec.file
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if spec.model is Province:
        data = _flatten_provinces(data or {})
    if not isinstance(data, list):
        raise SeedError([f"{spec.file}: expected a list of records"])
    return data


class Loader:
    def __init__(self, seeds_dir=SEEDS_DIR):
        self.seeds_dir = Path(seeds_dir)
        self.problems = []
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}

    def run(self):
        """Load every file; raise SeedError (and roll back) if any record is wrong."""
        with changes.recorded() as batch:
            self.batch = batch
            pending_m2m = []
            for spec in SPECS:
                try:
                    records = read_records(spec, self.seeds_dir)
                except (OSError, yaml.YAMLError) as exc:
                    self.problems.append(f"{spec.file}: {exc}")
                    continue
                except SeedError as exc:
                    self.problems.extend(exc.problems)
                    continue
                if spec.model is OutreachEvent:
                    self._merge_retired_events()
                for number, record in enumerate(records, start=1):
                    where = f"{spec.file}, record {number}"
                    if not isinstance(record, dict):
                        self.problems.append(f"{where}: expected a mapping of field names")
                        continue
                    instance = self._load_record(spec, record, where)
                    if instance is not None and spec.m2m:
                        pending_m2m.append((spec, record, instance, where))
                if spec.model is Agreement:
                    self._move_first_article_facts()
            for spec, record, instance, where in pending_m2m:
                self._load_m2m(spec, record, instance, where)
            if self.problems:
                raise SeedError(self.problems)
        return self.counts

    def _resolve(self, model, lookup, value, where, name):
        try:
            if model is Province:
                return _province_ref(value)
            return model.objects.get(**{lookup: value})
        except model.DoesNotExist:
            self.problems.append(f"{where}, field '{name}': no {model._meta.model_name} {value!r}")
            return None

    def _load_record(self, spec, record, where):
        model = spec.model
        known = {f.name for f in model._meta.get_fields()}
        values = {}
        for name, value in record.items():
            if name in spec.m2m:
                continue
            if name not in known:
                self.problems.append(f"{where}: unknown field '{name}'")
                return None
            if name == "successor" and model is Province:
                values["successor_id"] = str(value)
            elif name in spec.refs and value is None:
                values[name] = None
            elif name in spec.refs:
                ref_model, lookup = spec.refs[name]
                resolved = self._resolve(ref_model, lookup, value, where, name)
                if resolved is None:
                    return None
                values[name] = resolved
            elif name == "source":
                resolved = self._resolve(Source, "key", value, where, name)
                if resolved is None:
                    return None
                values[name] = resolved
            else:
                values[name] = "" if value is None else value
        missing = [k for k in spec.key if k not in values and f"{k}_id" not in values]
        if missing:
            self.problems.append(f"{where}: missing key field(s) {', '.join(missing)}")
            return None

        key = {k: values[k] for k in spec.key}
        instance = model.objects.filter(**key).first()
        created = instance is None
        if created:
            instance = model()
        elif model is OutreachEvent:
            self.batch.include([instance])
        before = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
        for name, value in values.items():
            setattr(instance, name, value)
        if model is Province:
            instance.clean()
        try:
            instance.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = "" if name == "__all__" else f", field '{name}'"
                self.problems.append(f"{where}{label}: {' '.join(messages)}")
            return None
        after = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
        if model is OutreachEvent:
            after["search_text"] = instance.build_search_text()
        if created:
            instance.save()
            self.batch.touch(instance)
            self.counts["created"] += 1
        elif _changed(before, after):
            instance.save()
            self.batch.touch(instance)
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1
        return instance

    def _load_m2m(self, spec, record, instance, where):
        for name, (ref_model, lookup) in spec.m2m.items():
            wanted = []
            for value in record.get(name) or []:
                resolved = self._resolve(ref_model, lookup, value, where, name)
                if resolved is not None:
                    wanted.append(resolved)
            if spec.model is OutreachEvent and name == "focus_areas" and not wanted:
                self.problems.append(f"{where}, field 'focus_areas': at least one is required")
            manager = getattr(instance, name)
            if {obj.pk for obj in manager.all()} != {obj.pk for obj in wanted}:
                manager.set(wanted)
                self.batch.touch(instance)

    def _merge_retired_events(self):
        """Activities the seeds once split and now hold as one record: the oldest old row
        becomes the new one (its history and links stay with it), the other old rows
        go. Does nothing once done."""
        for new_ref, old_refs in MERGED_EVENTS.items():
            old = list(OutreachEvent.objects.filter(external_ref__in=old_refs).order_by("pk"))
            if not old:
                continue
            self.batch.include(old)
            keep = None
            if not OutreachEvent.objects.filter(external_ref=new_ref).exists():
                keep, old = old[0], old[1:]
                keep.external_ref = new_ref
                keep._change_reason = "Merged: the seeds hold this programme as one record"
                keep.save()
                self.batch.touch(keep)
                self.counts["updated"] += 1
            for event in old:
                event._change_reason = "Merged into the seeds' one record of this programme"
                event.delete()
                self.batch.touch(event)
                self.counts["deleted"] += 1

    def _move_first_article_facts(self):
        """Databases seeded before the seeds told the two regulations apart hold the first
        article's ceremony under Quy chế 04. Move its records to the earlier regulation (the
        same rows, so their history and links stay) and take back what Quy chế 04 was given
        without a source. Does nothing once done."""
        qc04 = Agreement.objects.filter(code=QC04).first()
        earlier = Agreement.objects.filter(code=EARLIER).first()
        if qc04 is None or earlier is None:
            return
        reason = "Moved: the first article's ceremony is not Quy chế 04 of 2023"
        for model in (Signatory, Award):
            for record in model.objects.filter(agreement=qc04, source__key=FIRST_ARTICLE):
                record.agreement = earlier
                record._change_reason = reason
                record.save()
                self.batch.touch(record)
                self.counts["updated"] += 1
        changed = []
        if qc04.summary.startswith(OLD_QC04_SUMMARY):
            qc04.summary = ""
            changed.append("summary")
        if qc04.supersedes_note.startswith(OLD_QC04_SUPERSEDES):
            qc04.supersedes_note = ""
            changed.append("supersedes_note")
        # "In force" came from the old seeds, not from a source: keep it only if a person set it.
        if (
            qc04.status == Agreement.Status.IN_FORCE
            and not qc04.history.filter(history_user__isnull=False).exists()
        ):
            qc04.status = Agreement.Status.UNKNOWN
            changed.append("status")
        if changed:
            qc04._change_reason = reason
            qc04.save()
            self.batch.touch(qc04)
            self.counts["updated"] += 1


#: Seeded activities once recorded as several rows: the new reference and the old ones (the
#: oldest row is kept). The Tết programme was one row per place the article lists.
MERGED_EVENTS = {
    "seed-tet": [
        f"seed-tet-{place}"
        for place in (
            "dien-bien",
            "ha-giang",
            "cao-bang",
            "bac-ninh",
            "bac-giang",
            "hung-yen",
            "hue",
            "nghe-an",
            "ba-ria-vung-tau",
            "thai-nguyen",
        )
    ]
}
QC04 = "qc-04-2023"
EARLIER = "qc-earlier"
FIRST_ARTICLE = "article-000"
OLD_QC04_SUMMARY = "Triển khai trên 7 lĩnh vực trọng tâm"
OLD_QC04_SUPERSEDES = "Các văn bản đã ký kết trước đây"


def _changed(before, after):
    ignored = {"updated_at", "created_at"}
    return any(before[name] != after[name] for name in after if name not in ignored)
