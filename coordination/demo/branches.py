"""The demo union hierarchy: under CĐ CAND 24 upper-level unions (21 provincial police
unions, 3 central units) with 565 grassroots unions spread unevenly below them, and 21
provincial labour federations under the Tổng LĐLĐ. Codes start with ``demo-``."""

import random

from coordination.models import ActivityType, Agreement, Province, UnionBranch
from coordination.models.geography import CITY_PREFIX
from coordination.seeding import Loader, SeedError
from coordination.text import sort_key

from . import DemoDataError
from .vocabulary import (
    CENTRAL_CODES,
    CENTRAL_DEPARTMENTS,
    CENTRAL_UNITS,
    CONFEDERATION_CODE,
    DEPARTMENTS,
    GRASSROOTS_COUNT,
    PREFIX,
    ROOT_CODE,
    UNION_PROVINCES,
    UPPER_LEVEL_COUNT,
)

MIN_GRASSROOTS = 5


def ensure_reference_data():
    """Load the seeds when they are missing; return whether it did."""
    loaded = False
    if not UnionBranch.objects.filter(code=ROOT_CODE).exists():
        try:
            Loader().run()
        except SeedError as exc:
            problems = "\n  ".join(exc.problems)
            raise DemoDataError(f"The seeds do not load:\n  {problems}") from exc
        loaded = True
    if Agreement.objects.for_new_activities() is None:
        raise DemoDataError("No regulation for new activities: nothing to attach to.")
    if not ActivityType.objects.exists():
        raise DemoDataError("No activity types: run `python manage.py seed`.")
    return loaded


def ensure_branches():
    """Create the demo hierarchy (or reuse it); return (branches, number created).

    Each upper-level police union carries ``demo_weight`` (how busy it is) and every branch
    ``demo_central`` (a central unit works nationwide), which the event generator reads.
    """
    provinces = {p.code: p for p in Province.objects.current()}
    missing = [code for code in UNION_PROVINCES if code not in provinces]
    if missing:
        raise DemoDataError(f"Current provinces missing: {', '.join(missing)}")
    confederation = UnionBranch.objects.filter(code=CONFEDERATION_CODE).first()
    rng = random.Random(20230425)  # the hierarchy is the same whatever --seed says
    upper = _upper_level_unions(provinces)
    counts = _grassroots_counts([weight for _spec, weight in upper])
    wanted = _police_unions(upper, counts, rng)
    wanted += _federations(provinces, rng, CONFEDERATION_CODE if confederation else None)

    by_code = {ROOT_CODE: UnionBranch.objects.get(code=ROOT_CODE)}
    if confederation:
        by_code[CONFEDERATION_CODE] = confederation
    by_code.update({b.code: b for b in UnionBranch.objects.filter(code__startswith=PREFIX)})
    created = _create_missing(wanted, by_code)
    branches = [by_code[spec["code"]] for spec, _parent in wanted]
    weights = {spec["code"]: weight for spec, weight in upper}
    for branch in branches:
        branch.demo_weight = weights.get(branch.code)
        branch.demo_central = branch.code in CENTRAL_CODES
    return branches, created


def _place_name(province):
    """ "tỉnh Bắc Ninh", "thành phố Hồ Chí Minh": the name without its "TP." (never "thành phố
    TP. Hồ Chí Minh")."""
    prefix = "thành phố" if province.kind == Province.Kind.CITY else "tỉnh"
    return f"{prefix} {province.name.removeprefix(CITY_PREFIX)}"


def _upper_level_unions(provinces):
    """(spec, weight) of each upper-level police union, busiest province first."""
    upper = []
    for rank, code in enumerate(UNION_PROVINCES, start=1):
        province = provinces[code]
        spec = dict(
            code=f"{PREFIX}cdca-{code}",
            name=f"Công đoàn Công an {_place_name(province)}",
            short_name=f"CĐ CA {province.name}",
            province=province,
            key=code,
        )
        upper.append((spec, 1 / rank))
    for key, name, short, weight in CENTRAL_UNITS:
        spec = dict(
            code=f"{PREFIX}cdca-{key}",
            name=name,
            short_name=short,
            province=provinces["01"],
            key=key,
        )
        upper.append((spec, weight))
    assert len(upper) == UPPER_LEVEL_COUNT
    for spec, _weight in upper:
        spec.update(kind=UnionBranch.Kind.POLICE_UNION, level=UnionBranch.Level.UPPER)
    return upper


def _grassroots_counts(weights):
    """Grassroots unions per upper-level one: by weight**0.7, at least 5, 565 in all."""
    shares = [weight**0.7 for weight in weights]
    spare = GRASSROOTS_COUNT - MIN_GRASSROOTS * len(weights)
    raw = [spare * share / sum(shares) for share in shares]
    counts = [MIN_GRASSROOTS + int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in by_remainder[: GRASSROOTS_COUNT - sum(counts)]:
        counts[i] += 1
    return counts


def _police_unions(upper, counts, rng):
    """(spec, parent code) of each upper-level union followed by its grassroots unions."""
    central_keys = {key for key, *_ in CENTRAL_UNITS}
    wanted = []
    for (spec, _weight), count in zip(upper, counts, strict=True):
        wanted.append((spec, ROOT_CODE))
        province = spec["province"]
        central = spec["key"] in central_keys
        departments = CENTRAL_DEPARTMENTS if central else DEPARTMENTS
        where = spec["short_name"].removeprefix("CĐ ") if central else province.name
        for number in range(1, count + 1):
            if number <= len(departments):
                unit = departments[number - 1]
            else:
                unit = f"Công an cụm phường, xã số {number - len(departments)}"
            grassroots = dict(
                code=f"{PREFIX}cdcs-{spec['key']}-{number:03d}",
                name=f"Công đoàn cơ sở {unit} – {where}",
                short_name="",
                kind=UnionBranch.Kind.POLICE_UNION,
                level=UnionBranch.Level.GRASSROOTS,
                province=province,
                member_count=rng.randint(15, 320),
            )
            wanted.append((grassroots, spec["code"]))
    return wanted


def _federations(provinces, rng, parent_code):
    """(spec, parent code) of each provincial labour federation."""
    wanted = []
    for code in UNION_PROVINCES:
        province = provinces[code]
        spec = dict(
            code=f"{PREFIX}ldld-{code}",
            name=f"Liên đoàn Lao động {_place_name(province)}",
            short_name=f"LĐLĐ {province.name}",
            kind=UnionBranch.Kind.LABOUR_FEDERATION,
            level=UnionBranch.Level.UPPER,
            province=province,
            member_count=rng.randint(40, 900) * 1000,
            member_count_is_approximate=True,
        )
        wanted.append((spec, parent_code))
    return wanted


def _create_missing(wanted, by_code):
    """Insert the branches not in by_code, parents first; add them to by_code."""
    created = 0
    for level in (UnionBranch.Level.UPPER, UnionBranch.Level.GRASSROOTS):
        new = [
            UnionBranch(
                **{k: v for k, v in spec.items() if k != "key"},
                sort_key=sort_key(spec["name"]),
                parent=by_code.get(parent_code) if parent_code else None,
                description="Dữ liệu minh họa (demo).",
                is_demo=True,
            )
            for spec, parent_code in wanted
            if spec["level"] == level and spec["code"] not in by_code
        ]
        UnionBranch.objects.bulk_create(new, batch_size=500)
        created += len(new)
        by_code.update(
            {b.code: b for b in UnionBranch.objects.filter(code__in=[b.code for b in new])}
        )
    return created
